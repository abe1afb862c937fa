using System.Globalization;
using System.Text.RegularExpressions;

namespace Sts.Resilience.Testing.Tests.SigV4;

/// <summary>One request with exactly one signed part changed, and what was changed.</summary>
internal sealed record Mutation(string Description, CapturedRequest Request);

/// <summary>
/// Every single-part mutation of a SigV4-signed request: each signature hex digit, the date (header and scope), the
/// scope's region, service and terminator, each key id character, each signed header's value (changed, extended,
/// emptied) and its absence, the signed-headers list, the path, the query, and body bytes (all of a short body,
/// a seeded sample of a long one, plus one appended byte).
/// </summary>
internal static partial class SignedRequestMutations
{
    private const string Hex = "0123456789abcdef";
    private const string KeyCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int MaxBodyPositions = 160;

    // Headers HttpClient writes itself from the body: changing them would break the HTTP framing, not the signature.
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase) { "content-length", "transfer-encoding" };

    public static IEnumerable<Mutation> Of(CapturedRequest original, Random random)
    {
        var authorization = original.Header("Authorization") ?? throw new InvalidOperationException("the request is not signed");
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            throw new InvalidOperationException("unexpected Authorization header: " + authorization);
        }

        var (keyId, date, region, service, terminator) = (match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value, match.Groups["terminator"].Value);
        var signedHeaders = match.Groups["signed"].Value.Split(';');
        var signature = match.Groups["signature"].Value;

        Mutation WithAuthorization(string description, string? key = null, string? scopeDate = null, string? scopeRegion = null, string? scopeService = null, string? scopeTerminator = null, string? signed = null, string? sig = null)
            => new(description, original.WithHeader("Authorization",
                $"AWS4-HMAC-SHA256 Credential={key ?? keyId}/{scopeDate ?? date}/{scopeRegion ?? region}/{scopeService ?? service}/{scopeTerminator ?? terminator}, SignedHeaders={signed ?? string.Join(';', signedHeaders)}, Signature={sig ?? signature}"));

        for (var i = 0; i < signature.Length; i++)
        {
            var other = Hex[(Hex.IndexOf(signature[i], StringComparison.Ordinal) + 1 + random.Next(15)) % 16];
            yield return WithAuthorization($"signature digit {i} {signature[i]}->{other}", sig: signature[..i] + other + signature[(i + 1)..]);
        }

        var amzDate = original.Header("X-Amz-Date")!;
        var when = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        foreach (var shift in new[] { 1, -1, 59, -60, 240, -240 })
        {
            yield return new($"X-Amz-Date {shift:+0;-0} s", original.WithHeader("X-Amz-Date", when.AddSeconds(shift).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)));
        }

        foreach (var days in new[] { 1, -1 })
        {
            yield return WithAuthorization($"scope date {days:+0;-0} day", scopeDate: when.AddDays(days).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }

        foreach (var other in new[] { "us-west-2", "eu-west-1", region.ToUpperInvariant(), region + "x", region[..^1] })
        {
            yield return WithAuthorization($"scope region {other}", scopeRegion: other);
        }

        foreach (var other in new[] { "sts", "s3", "dynamodb", "iam", service.ToUpperInvariant(), service + "x" }.Where(s => s != service))
        {
            yield return WithAuthorization($"scope service {other}", scopeService: other);
        }

        yield return WithAuthorization("scope terminator aws4_requesx", scopeTerminator: "aws4_requesx");
        yield return WithAuthorization("scope terminator aws5_request", scopeTerminator: "aws5_request");

        for (var i = 0; i < keyId.Length; i++)
        {
            var other = KeyCharacters.Where(c => c != keyId[i]).ElementAt(random.Next(KeyCharacters.Length - 1));
            yield return WithAuthorization($"key id character {i} {keyId[i]}->{other}", key: keyId[..i] + other + keyId[(i + 1)..]);
        }

        foreach (var name in signedHeaders.Where(n => !Framing.Contains(n)))
        {
            var value = original.Header(name) ?? string.Empty;
            if (value.Length > 0)
            {
                var at = random.Next(value.Length);
                var replacement = KeyCharacters.ToLowerInvariant().First(c => c != char.ToLowerInvariant(value[at]));
                yield return new($"signed header {name}: character {at} changed", original.WithHeader(name, value[..at] + replacement + value[(at + 1)..]));
                yield return new($"signed header {name}: emptied", original.WithHeader(name, string.Empty));
            }

            yield return new($"signed header {name}: extended", original.WithHeader(name, value + "x"));
            if (!name.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                yield return new($"signed header {name}: removed", original.WithHeader(name, null));
            }

            if (signedHeaders.Length > 1)
            {
                yield return WithAuthorization($"SignedHeaders without {name}", signed: string.Join(';', signedHeaders.Where(n => n != name)));
            }
        }

        yield return new("path extended", original with { Uri = new UriBuilder(original.Uri) { Path = original.Uri.AbsolutePath.TrimEnd('/') + "/x" }.Uri });
        yield return new("query parameter added", original with { Uri = new UriBuilder(original.Uri) { Query = (original.Uri.Query.TrimStart('?') + "&x=1").TrimStart('&') }.Uri });

        var positions = Enumerable.Range(0, original.Body.Length).ToList();
        if (positions.Count > MaxBodyPositions)
        {
            positions = positions.OrderBy(_ => random.Next()).Take(MaxBodyPositions).Order().ToList();
        }

        foreach (var position in positions)
        {
            var body = (byte[])original.Body.Clone();
            body[position] ^= (byte)random.Next(1, 256);
            yield return new($"body byte {position} 0x{original.Body[position]:x2}->0x{body[position]:x2}", original with { Body = body });
        }

        yield return new("body byte appended", original with { Body = [.. original.Body, (byte)'x'] });
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/(?<terminator>[^,]+), ?SignedHeaders=(?<signed>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
