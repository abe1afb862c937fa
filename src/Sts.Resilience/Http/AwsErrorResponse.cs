using System.Globalization;
using System.Net;
using System.Text.Json;
using Sts.Resilience.Retry;

namespace Sts.Resilience.Http;

/// <summary>What an AWS error response says: its code and message, from the headers or the XML or JSON body.</summary>
/// <param name="Code">The error code, as sent (maybe with a namespace), or <see langword="null"/>.</param>
/// <param name="Message">The error message, or <see langword="null"/>.</param>
/// <param name="HasBody">Whether the response carried a body at all (S3 answers HEAD with none).</param>
/// <param name="IsExpired">Whether it says the credentials have expired.</param>
internal readonly record struct AwsError(string? Code, string? Message, bool HasBody, bool IsExpired);

/// <summary>Reads AWS error responses of every protocol without the SDK's unmarshallers.</summary>
internal static class AwsErrorResponse
{
    /// <summary>API Gateway's and the REST-JSON services' error header.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    /// <summary>API Gateway's words for an expired session (its header says <c>ExpiredTokenException</c> too).</summary>
    private const string ExpiredMessage = "security token included in the request is expired";

    /// <summary>Error bodies are small; a larger body is not an AWS error document and is left unread.</summary>
    private const long MaxErrorBodyBytes = 64 * 1024;

    /// <summary>Gets a value indicating whether the status is one an expired-credentials answer can have.</summary>
    public static bool IsRejection(HttpResponseMessage response)
        => response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden;

    public static string? HeaderErrorCode(HttpResponseMessage response)
        => response.Headers.TryGetValues(ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The service's clock (<c>Date</c>) minus the request's <c>X-Amz-Date</c>, when both are known.</summary>
    public static TimeSpan? SigningTimeOffset(HttpResponseMessage response)
    {
        if (response.Headers.Date is not { } serviceTime
            || response.RequestMessage is not { } request
            || !request.Headers.TryGetValues("X-Amz-Date", out var values))
        {
            return null;
        }

        return SignedRequest.DateFromAmzDate(values.FirstOrDefault()) is { } signedAt ? serviceTime - signedAt : null;
    }

    /// <summary>Reads the error; the body is buffered first so that the caller can still read it.</summary>
    public static async Task<AwsError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = HeaderErrorCode(response);
        string? message = null;
        var hasBody = false;
        var content = response.Content;
        if (content is not null && content.Headers.ContentLength is not (0 or > MaxErrorBodyBytes))
        {
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
#if NET5_0_OR_GREATER
            var body = await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
            var body = await content.ReadAsStringAsync().ConfigureAwait(false);
#endif
            hasBody = body.Length > 0;
            var (bodyCode, bodyMessage) = Parse(body);
            code ??= bodyCode;
            message = bodyMessage;
        }

        var expired = ExpiredTokenErrors.IsExpiredCredentials(code, requestName: null, SigningTimeOffset(response))
            || (message is not null && CultureInfo.InvariantCulture.CompareInfo.IndexOf(message, ExpiredMessage, CompareOptions.OrdinalIgnoreCase) >= 0);
        return new AwsError(code, message, hasBody, expired);
    }

    /// <summary>The code and message of an XML (<c>&lt;Code&gt;</c>) or JSON (<c>__type</c>, <c>code</c>, <c>message</c>) error body.</summary>
    internal static (string? Code, string? Message) Parse(string body)
    {
        var text = body.TrimStart();
        if (text.Length > 0 && text[0] == '<')
        {
            return (XmlElement(text, "Code"), XmlElement(text, "Message"));
        }

        if (text.Length == 0 || text[0] != '{')
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? (JsonString(root, "__type") ?? JsonString(root, "code") ?? JsonString(root, "Code"), JsonString(root, "message") ?? JsonString(root, "Message"))
                : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? JsonString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? XmlElement(string xml, string name)
    {
        var open = "<" + name + ">";
        var start = xml.IndexOf(open, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += open.Length;
        var end = xml.IndexOf("</" + name + ">", start, StringComparison.Ordinal);
        return end < 0 ? null : WebUtility.HtmlDecode(xml.Substring(start, end - start));
    }
}
