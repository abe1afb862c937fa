using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;

namespace Sts.Resilience.CredentialEndpoints;

/// <summary>
/// Reads the JSON both credentials endpoints answer with: <c>AccessKeyId</c>, <c>SecretAccessKey</c>, <c>Token</c>,
/// <c>Expiration</c> (ISO 8601, UTC), plus <c>Code</c> (instance metadata: <c>Success</c>) or <c>code</c>/<c>message</c>
/// (the container endpoint's errors). Values are never put into an exception message.
/// </summary>
internal static class CredentialsDocument
{
    /// <summary>Parses a successful answer.</summary>
    /// <exception cref="CredentialEndpointException">Thrown when the body is not JSON, says it failed, or lacks the expiration.</exception>
    public static (ImmutableCredentials Credentials, DateTimeOffset Expiration) Parse(string body, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialEndpointException($"{what} answered JSON that is not an object.");
            }

            if (String(root, "Code") is { } code && !string.Equals(code, "Success", StringComparison.Ordinal))
            {
                throw new CredentialEndpointException($"{what} answered Code '{code}': {String(root, "Message") ?? "no message"}.");
            }

            var expiration = String(root, "Expiration");
            if (expiration is null || !DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expires))
            {
                throw new CredentialEndpointException($"{what} answered without a valid Expiration.");
            }

            return (new ImmutableCredentials(String(root, "AccessKeyId"), String(root, "SecretAccessKey"), String(root, "Token")), expires);
        }
        catch (JsonException ex)
        {
            throw new CredentialEndpointException($"{what} answered a body that is not JSON.", ex);
        }
    }

    /// <summary>Describes an error answer: the status and, when the body is the container endpoint's JSON, its code and message.</summary>
    public static string DescribeError(EndpointResponse response)
    {
        var text = response.Status.ToString(CultureInfo.InvariantCulture);
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var code = String(document.RootElement, "code") ?? String(document.RootElement, "Code");
                var message = String(document.RootElement, "message") ?? String(document.RootElement, "Message");
                return code is null && message is null ? text : $"{text} {code}: {message}";
            }
        }
        catch (JsonException)
        {
            // Not JSON (IMDS answers small HTML pages): the status says it.
        }

        return text;
    }

    private static string? String(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
