using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sts.Resilience.Testing.Internal;

namespace Sts.Resilience.Testing.WebIdentity;

/// <summary>
/// LocalSts's OpenID Connect identity provider: signs RS256 JWTs with a key made at start and verifies the tokens
/// sent to <c>AssumeRoleWithWebIdentity</c> the way STS does (signature, <c>iss</c>, <c>exp</c>, <c>nbf</c>, <c>aud</c>).
/// </summary>
internal sealed class WebIdentityTokens : IDisposable
{
    public const string KeyId = "localsts-1";

    private readonly RSA _key = RSA.Create(2048);

    public WebIdentityTokens(string issuer) => Issuer = issuer;

    public string Issuer { get; set; }

    public string Create(string subject, string audience, DateTimeOffset issuedAt, DateTimeOffset expires)
        => Create(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        });

    /// <summary>Signs any claims with the provider's key (tests use it for tokens the public API would not make).</summary>
    public string Create(IReadOnlyDictionary<string, object> claims, string keyId = KeyId, RSA? key = null)
    {
        var header = Encode(JsonBytes.Object(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["alg"] = "RS256",
            ["typ"] = "JWT",
            ["kid"] = keyId,
        }));
        var payload = Encode(JsonBytes.Object(claims.Select(c => new KeyValuePair<string, object?>(c.Key, c.Value))));
        var signingInput = header + "." + payload;
        var signature = (key ?? _key).SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Encode(signature);
    }

    /// <summary>Verifies a token; returns the error STS would answer, or the claims.</summary>
    public WebIdentityVerdict Verify(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var headerBytes) || !TryDecode(parts[1], out var payloadBytes)
            || !TryDecode(parts[2], out var signature))
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NotAJwt());
        }

        JsonElement header;
        JsonElement payload;
        try
        {
            header = JsonDocument.Parse(headerBytes).RootElement.Clone();
            payload = JsonDocument.Parse(payloadBytes).RootElement.Clone();
        }
        catch (JsonException)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NotAJwt());
        }

        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NotAJwt());
        }

        var issuer = String(payload, "iss");
        if (issuer != Issuer)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NoProvider(issuer ?? string.Empty));
        }

        if (String(header, "alg") != "RS256" || String(header, "kid") != KeyId)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NoVerificationKey());
        }

        if (!_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NotValidated());
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        if (Number(payload, "exp") is not { } exp)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NotValidated());
        }

        if (nowSeconds >= exp)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.Expired(nowSeconds, exp));
        }

        if (Number(payload, "nbf") is { } nbf && nowSeconds < nbf)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.NotValidated());
        }

        var audiences = Audiences(payload);
        var subject = String(payload, "sub");
        if (audiences.Count == 0 || subject is null)
        {
            return WebIdentityVerdict.Fail(WebIdentityErrors.IncorrectAudience());
        }

        return WebIdentityVerdict.Ok(issuer, subject, audiences);
    }

    public void Dispose() => _key.Dispose();

    private static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
            ? (long)Math.Floor(number)
            : null;

    private static List<string> Audiences(JsonElement payload)
    {
        var list = new List<string>();
        if (!payload.TryGetProperty("aud", out var aud))
        {
            return list;
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            list.Add(aud.GetString()!);
        }
        else if (aud.ValueKind == JsonValueKind.Array)
        {
            list.AddRange(aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
        }

        return list;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 == 1 || text.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        var buffer = new byte[base64.Length * 3 / 4];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return written > 0;
    }
}

/// <summary>The outcome of verifying a web identity token.</summary>
internal sealed record WebIdentityVerdict(ServiceError? Error, string Issuer, string Subject, IReadOnlyList<string> Audiences)
{
    public static WebIdentityVerdict Fail(ServiceError error) => new(error, string.Empty, string.Empty, []);

    public static WebIdentityVerdict Ok(string issuer, string subject, IReadOnlyList<string> audiences) => new(null, issuer, subject, audiences);
}
