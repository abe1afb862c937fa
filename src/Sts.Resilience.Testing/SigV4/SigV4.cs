using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sts.Resilience.Testing.SigV4;

/// <summary>
/// The pieces of AWS Signature Version 4, written from the published specification and checked against
/// AWS's published example (not against the AWS SDK's signer, which is what this server judges).
/// </summary>
internal static class SigV4Math
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string CanonicalRequest(
        string method, string canonicalUri, string canonicalQuery,
        IReadOnlyList<KeyValuePair<string, string>> canonicalHeaders, string signedHeaders, string payloadHash)
    {
        var builder = new StringBuilder(256);
        builder.Append(method).Append('\n')
            .Append(canonicalUri).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var header in canonicalHeaders)
        {
            builder.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>
    /// Computes the signature the request should carry, from what arrived: the parsed Authorization header,
    /// the method, path and query as sent, the signed headers' values and the payload hash.
    /// </summary>
    public static string ExpectedSignature(
        AuthorizationHeader auth, string secretAccessKey, string amzDate, string method, string rawPath, string rawQuery,
        bool signsRawPath, Func<string, IEnumerable<string?>> headerValues, string payloadHash, out byte[] signingKey)
    {
        var canonicalHeaders = auth.SignedHeaders
            .Select(name => new KeyValuePair<string, string>(name, CanonicalHeaderValue(headerValues(name))))
            .ToList();
        var canonicalRequest = CanonicalRequest(method, CanonicalUri(rawPath, signsRawPath), CanonicalQuery(rawQuery),
            canonicalHeaders, auth.SignedHeadersText, payloadHash);
        signingKey = SigningKey(secretAccessKey, auth.Date, auth.Region, auth.Service);
        return Signature(signingKey, StringToSign(amzDate, auth.Scope, canonicalRequest));
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest)
        => Algorithm + "\n" + amzDate + "\n" + scope + "\n" + HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));

    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string Signature(byte[] signingKey, string stringToSign)
        => Convert.ToHexString(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign))).ToLowerInvariant();

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    /// <summary>Compares two hex signatures in constant time.</summary>
    public static bool SignaturesEqual(string expected, string actual)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    /// <summary>
    /// The canonical URI. S3 signs the path as sent (encoded once); every other service encodes each
    /// segment of the (already encoded) path once more.
    /// </summary>
    public static string CanonicalUri(string rawPath, bool isS3)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        if (isS3)
        {
            return rawPath;
        }

        var segments = rawPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = UriEncode(segments[i]);
        }

        return string.Join('/', segments);
    }

    /// <summary>The canonical query string: each name and value decoded, re-encoded the AWS way, sorted by name then value.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var query = rawQuery[0] == '?' ? rawQuery[1..] : rawQuery;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add(new(UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => p.Key + "=" + p.Value));
    }

    /// <summary>Header values: each trimmed, inner runs of spaces collapsed, several values joined by commas.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string?> values)
    {
        var builder = new StringBuilder();
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            var previousSpace = false;
            foreach (var c in (value ?? string.Empty).Trim())
            {
                if (c == ' ')
                {
                    if (!previousSpace)
                    {
                        builder.Append(c);
                    }

                    previousSpace = true;
                }
                else
                {
                    builder.Append(c);
                    previousSpace = false;
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else is %XX of its UTF-8 bytes.</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
