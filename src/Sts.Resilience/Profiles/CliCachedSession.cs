using System.Globalization;
using System.Text.Json;

namespace Sts.Resilience.Profiles;

/// <summary>One AssumeRole response as the AWS CLI stores it in <c>~/.aws/cli/cache/&lt;sha1&gt;.json</c>.</summary>
internal sealed class CliCachedSession
{
    public CliCachedSession(string accessKeyId, string secretAccessKey, string sessionToken, DateTimeOffset expiration)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
        Expiration = expiration;
    }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    public string SessionToken { get; }

    public DateTimeOffset Expiration { get; }

    /// <summary><c>AssumedRoleUser.Arn</c>, when known.</summary>
    public string? AssumedRoleArn { get; init; }

    /// <summary><c>AssumedRoleUser.AssumedRoleId</c>, when known.</summary>
    public string? AssumedRoleId { get; init; }

    public string AccessKeyIdSuffix => AccessKeyId.Length <= 4 ? AccessKeyId : AccessKeyId.Substring(AccessKeyId.Length - 4);

    /// <summary>Never the secret or the token; the key id as its last four characters.</summary>
    public override string ToString()
        => "CliCachedSession(key ..." + AccessKeyIdSuffix + ", expires " + Expiration.ToString("u", CultureInfo.InvariantCulture) + ")";

    /// <summary>
    /// Reads the CLI's JSON. Returns <see langword="null"/> with a reason when the text is not a
    /// complete cache entry (truncated, another tool's file, a field missing or of the wrong type).
    /// </summary>
    public static CliCachedSession? TryParse(byte[] utf8Json, out string? reason)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            reason = "not valid JSON (" + ex.Message + ")";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("Credentials", out var credentials)
                || credentials.ValueKind != JsonValueKind.Object)
            {
                reason = "no Credentials object";
                return null;
            }

            var accessKeyId = GetString(credentials, "AccessKeyId");
            var secret = GetString(credentials, "SecretAccessKey");
            var token = GetString(credentials, "SessionToken");
            var expirationText = GetString(credentials, "Expiration");
            if (accessKeyId is null || secret is null || token is null || expirationText is null)
            {
                reason = "Credentials lacks AccessKeyId, SecretAccessKey, SessionToken or Expiration";
                return null;
            }

            if (!TryParseExpiration(expirationText, out var expiration))
            {
                reason = "Expiration '" + expirationText + "' is not a date";
                return null;
            }

            string? roleArn = null;
            string? roleId = null;
            if (root.TryGetProperty("AssumedRoleUser", out var user) && user.ValueKind == JsonValueKind.Object)
            {
                roleArn = GetString(user, "Arn");
                roleId = GetString(user, "AssumedRoleId");
            }

            reason = null;
            return new CliCachedSession(accessKeyId, secret, token, expiration) { AssumedRoleArn = roleArn, AssumedRoleId = roleId };
        }
    }

    /// <summary>
    /// Parses <c>Expiration</c> in the forms the CLIs write: <c>2026-11-28T13:04:35Z</c> (ISO, also with
    /// fractional seconds), <c>2026-11-28T13:04:35UTC</c> (botocore's default serializer) and
    /// <c>2026-11-28T13:04:35+00:00</c> (Python's isoformat). A time without an offset is UTC.
    /// </summary>
    public static bool TryParseExpiration(string text, out DateTimeOffset expiration)
    {
        var value = text.Trim();
        if (value.EndsWith("UTC", StringComparison.OrdinalIgnoreCase))
        {
            value = value.Substring(0, value.Length - 3).TrimEnd() + "Z";
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out expiration))
        {
            expiration = expiration.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>The JSON the AWS CLI writes for an AssumeRole response (<c>Expiration</c> as ISO 8601 UTC with <c>Z</c>).</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Credentials");
            writer.WriteString(nameof(AccessKeyId), AccessKeyId);
            writer.WriteString(nameof(SecretAccessKey), SecretAccessKey);
            writer.WriteString(nameof(SessionToken), SessionToken);
            writer.WriteString(nameof(Expiration), Expiration.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            if (AssumedRoleArn is not null || AssumedRoleId is not null)
            {
                writer.WriteStartObject("AssumedRoleUser");
                if (AssumedRoleId is not null)
                {
                    writer.WriteString(nameof(AssumedRoleId), AssumedRoleId);
                }

                if (AssumedRoleArn is not null)
                {
                    writer.WriteString("Arn", AssumedRoleArn);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? GetString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no string: a field that is not there (CliCachePropertyTests).
            return null;
        }
    }
}
