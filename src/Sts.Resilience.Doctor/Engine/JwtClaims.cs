using System.Text.Json;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>
/// The claims of a web identity token that say whether STS will take it: <c>exp</c>, <c>iss</c> and <c>aud</c>. The
/// signature is not checked (STS does that) and the token itself is never kept or shown.
/// </summary>
/// <param name="Expires">The <c>exp</c> claim; <see langword="null"/> when absent.</param>
/// <param name="Issuer">The <c>iss</c> claim.</param>
/// <param name="Audiences">The <c>aud</c> claim (a string or an array of strings).</param>
internal sealed record JwtClaims(DateTimeOffset? Expires, string? Issuer, IReadOnlyList<string> Audiences)
{
    /// <summary>Reads the payload of a compact JWT (<c>header.payload.signature</c>); <see langword="null"/> when it is not one.</summary>
    public static JwtClaims? Parse(string token)
    {
        var parts = token.Trim().Split('.');
        if (parts.Length != 3 || parts[1].Length == 0 || FromBase64Url(parts[1]) is not { } payload)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            DateTimeOffset? expires = root.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)
                && seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
            var issuer = root.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString() : null;
            var audiences = new List<string>();
            if (root.TryGetProperty("aud", out var aud))
            {
                if (aud.ValueKind == JsonValueKind.String)
                {
                    audiences.Add(aud.GetString()!);
                }
                else if (aud.ValueKind == JsonValueKind.Array)
                {
                    audiences.AddRange(aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
                }
            }

            return new JwtClaims(expires, issuer, audiences);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[]? FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
