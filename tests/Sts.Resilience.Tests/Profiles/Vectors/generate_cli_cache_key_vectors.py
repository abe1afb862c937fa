#!/usr/bin/env python3
"""Writes cli-cache-key-vectors.json: argument sets and the AWS CLI cache key botocore computes for each.

Run once with the AWS CLI v1's botocore installed (pip install awscli); the JSON table is committed, this script is
kept so the table can be regenerated. Each key comes from botocore's own AssumeRoleCredentialFetcher._create_cache_key
(json.dumps(args, sort_keys=True), SHA-1), called through botocore, not re-implemented here.

    python3 generate_cli_cache_key_vectors.py > cli-cache-key-vectors.json
"""
import json
import random
import sys

import botocore
from botocore.credentials import AssumeRoleCredentialFetcher

SEED = 20261201
COUNT = 200

# Characters that exercise escaping and ordering: controls, quotes, DEL, Latin-1, BMP, U+FFFF, astral (surrogate pairs).
SPECIAL = ['"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\x00', '\x1f', '\x7f', '\x80', '\u00e9', '\u2028', '\u4e2d',
           '\ufeff', '\uffff', '\U0001f600', '\U00010000', '\U0010ffff', ' ', '~', ':', '=']


def text(rng, max_length=12):
    chars = []
    for _ in range(rng.randint(0, max_length)):
        roll = rng.random()
        if roll < 0.55:
            chars.append(chr(rng.randint(0x20, 0x7e)))
        elif roll < 0.85:
            chars.append(rng.choice(SPECIAL))
        else:
            chars.append(chr(rng.choice([rng.randint(0xa0, 0xd7ff), rng.randint(0xe000, 0xfffd), rng.randint(0x10000, 0x10ffff)])))
    return ''.join(chars)


def number_text(rng):
    """JSON number text in the forms a policy can hold; json.loads turns it into an int or a float."""
    kind = rng.randrange(9)
    if kind == 0:
        return str(rng.randint(-10**6, 10**6))
    if kind == 1:
        return str(rng.randint(-10**30, 10**30))  # beyond 64 bits: Python ints keep every digit
    if kind == 2:
        return rng.choice(['-0', '0', '-0.0', '0.0', '1E5', '1e+2', '2e-3', '1.50', '100.0', '-1E-7'])
    if kind == 3:
        return repr(rng.uniform(-1e6, 1e6))
    if kind == 4:
        return repr(10.0 ** rng.randint(-20, 25) * rng.choice([1, -1, 1.5, 3.14159, 9.999999]))
    if kind == 5:
        return rng.choice(['1e15', '1e16', '1.5e15', '123456789012345.6', '1234567890123456.7', '1e-4', '1e-5', '0.0001', '0.00001'])
    if kind == 6:
        return '%de%d' % (rng.randint(1, 999), rng.randint(-30, 30))
    if kind == 7:
        return rng.choice(['1e400', '-1e400', '1e-400'])  # overflow to inf, underflow to 0.0
    return '%d.%de%+d' % (rng.randint(0, 99), rng.randint(0, 999), rng.randint(-300, 300))


def value_text(rng, depth):
    kind = rng.randrange(7 if depth < 3 else 5)
    if kind == 0:
        return json.dumps(text(rng), ensure_ascii=rng.random() < 0.5)
    if kind == 1:
        return number_text(rng)
    if kind == 2:
        return rng.choice(['true', 'false', 'null'])
    if kind == 3:
        # Escapes a writer might emit: \u escapes of ASCII and of astral characters written as surrogate pairs.
        return '"' + rng.choice(['\\u0041', '\\ud83d\\ude00', '\\u00e9\\/', '\\"\\\\']) + '"'
    if kind == 4:
        return json.dumps(text(rng, 4))
    if kind == 5:
        return '[' + ', '.join(value_text(rng, depth + 1) for _ in range(rng.randint(0, 3))) + ']'
    return object_text(rng, depth + 1)


def object_text(rng, depth=0):
    members = []
    for _ in range(rng.randint(0, 4)):
        key = text(rng, 6)
        members.append(json.dumps(key, ensure_ascii=rng.random() < 0.5) + rng.choice([':', ' : ', ':\n']) + value_text(rng, depth))
    if members and rng.random() < 0.2:
        members.append(members[0].split(':')[0] + ': 1')  # a repeated key: the last one wins in a dict
    return '{' + rng.choice([',', ', ', ',\n ']).join(members) + '}'


def arguments(rng):
    args = {'RoleArn': 'arn:aws:iam::%012d:role/%s' % (rng.randint(0, 10**12 - 1), text(rng))}
    if rng.random() < 0.5:
        args['RoleSessionName'] = text(rng)
    if rng.random() < 0.4:
        args['ExternalId'] = text(rng)
    if rng.random() < 0.3:
        args['SerialNumber'] = text(rng)
    if rng.random() < 0.4:
        args['DurationSeconds'] = rng.choice([900, 3600, 43200, rng.randint(-2**31, 2**31 - 1)])
    if rng.random() < 0.4:
        args['Policy'] = object_text(rng)
    if rng.random() < 0.15:
        args['PolicyArns'] = [text(rng) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.15:
        args['Tags'] = {text(rng, 6): text(rng) for _ in range(rng.randint(0, 3))}
    if rng.random() < 0.15:
        args['TransitiveTagKeys'] = [text(rng, 6) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.15:
        args['SourceIdentity'] = text(rng)
    return args


def botocore_key(args):
    extra = {k: v for k, v in args.items() if k != 'RoleArn'}
    fetcher = AssumeRoleCredentialFetcher(client_creator=None, source_credentials=None, role_arn=args['RoleArn'], extra_args=extra)
    return fetcher._cache_key  # computed by botocore's _create_cache_key in the constructor


def main():
    rng = random.Random(SEED)
    vectors = []
    while len(vectors) < COUNT:
        args = arguments(rng)
        try:
            key = botocore_key(args)
        except ValueError:
            continue  # a policy json.loads refuses: the CLI fails too, so there is no key to compare
        vectors.append({'arguments': args, 'key': key})
    table = {
        'generator': 'generate_cli_cache_key_vectors.py, seed %d' % SEED,
        'botocore': botocore.__version__,
        'python': sys.version.split()[0],
        'vectors': vectors,
    }
    json.dump(table, sys.stdout, indent=1, ensure_ascii=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
