#!/usr/bin/env python3
"""Which lines of each #if branch of src/Sts.Resilience one test run executed (docs/targets.md).

Usage, from the repository root, after building the test projects:
  dotnet test tests/Sts.Resilience.NetStandard.Tests --no-build --collect "Code Coverage;Format=cobertura" --results-directory /tmp/cov-ns
  python3 eng/if-branch-coverage.py /tmp/cov-ns/*/*.cobertura.xml ns     # netstandard2.0 build: the !NET branches
  dotnet test tests/Sts.Resilience.Tests --no-build --filter "FullyQualifiedName!~Packaging" --collect "Code Coverage;Format=cobertura" --results-directory /tmp/cov-net
  python3 eng/if-branch-coverage.py /tmp/cov-net/*/*.cobertura.xml net   # net8.0 build: the NET branches
Prints, for each branch compiled into that build, how many of its coverable lines ran and which did not.
Understands the symbols the library uses: NET, NET5_0_OR_GREATER and NET8_0_OR_GREATER, negated or not, with #else.
"""
import collections
import glob
import sys
import xml.etree.ElementTree as ET

NET_SYMBOLS = ("NET", "NET5_0_OR_GREATER", "NET8_0_OR_GREATER")


def line_hits(cobertura_file):
    hits = collections.defaultdict(dict)
    for cls in ET.parse(cobertura_file).iter("class"):
        file_hits = hits[cls.get("filename")]
        for line in cls.iter("line"):
            number, count = int(line.get("number")), int(line.get("hits"))
            file_hits[number] = max(file_hits.get(number, 0), count)
    return hits


def compiled(condition, build):
    negated = condition.startswith("!")
    symbol = condition.lstrip("!").strip()
    if symbol not in NET_SYMBOLS:
        raise SystemExit(f"unknown symbol {symbol}: teach {sys.argv[0]} about it")
    value = build == "net"
    return not value if negated else value


def branches(path, build):
    """Yields (first line, label, [(line number, text)]) for each branch compiled into the build."""
    stack, current = [], collections.OrderedDict()
    for number, text in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        code = text.strip()
        if code.startswith("#if "):
            stack.append([compiled(code[4:], build), number, code])
        elif code.startswith("#else"):
            stack[-1] = [not stack[-1][0], number, stack[-1][2] + " #else"]
        elif code.startswith("#endif"):
            stack.pop()
        elif stack and all(frame[0] for frame in stack) and code and not code.startswith("//"):
            current.setdefault((stack[-1][1], stack[-1][2]), []).append((number, code))
    for (start, label), lines in current.items():
        yield start, label, lines


def main():
    cobertura_file, build = sys.argv[1], sys.argv[2]
    hits = line_hits(cobertura_file)
    missed_any = False
    for path in sorted(glob.glob("src/Sts.Resilience/**/*.cs", recursive=True)):
        if "/obj/" in path or "/bin/" in path:
            continue
        relative = path.split("src/", 1)[1]
        file_hits = next((h for name, h in hits.items() if name.endswith(relative)), {})
        for start, label, lines in branches(path, build):
            coverable = [(n, code) for n, code in lines if n in file_hits]
            missed = [(n, code) for n, code in coverable if file_hits[n] == 0]
            missed_any |= bool(missed)
            note = "" if not missed else "  not run: " + "; ".join(f"{n}: {code[:60]}" for n, code in missed)
            print(f"{path}:{start} [{label}] {len(coverable) - len(missed)}/{len(coverable)} lines run{note}")
    return 1 if missed_any else 0


if __name__ == "__main__":
    sys.exit(main())
