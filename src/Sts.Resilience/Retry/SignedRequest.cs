using System.Globalization;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Sts.Resilience.Retry;

/// <summary>
/// Which access key id a request was signed with, and when. The SDK's signer keeps its result on the request
/// (<see cref="IRequest.AWS4SignerResult"/>), but not on every path (S3 <c>ListBuckets</c> has none), so the
/// <c>Authorization</c> and <c>X-Amz-Date</c> headers the request was sent with are read as well.
/// </summary>
internal readonly struct SignedRequest
{
    private const string CredentialField = "Credential=";

    private SignedRequest(string? accessKeyId, DateTimeOffset? signedAt)
    {
        AccessKeyId = accessKeyId;
        SignedAt = signedAt;
    }

    public string? AccessKeyId { get; }

    public DateTimeOffset? SignedAt { get; }

    public static SignedRequest Read(IRequest? request)
    {
        if (request is null)
        {
            return default;
        }

        AWSSigningResultBase? result = request.AWS4SignerResult;
        result ??= request.AWS4aSignerResult;
        if (result is not null && !string.IsNullOrEmpty(result.AccessKeyId))
        {
            return new SignedRequest(result.AccessKeyId, ToUtc(result.DateTime));
        }

        return new SignedRequest(KeyFromAuthorization(Header(request, "Authorization")), DateFromAmzDate(Header(request, "X-Amz-Date")));
    }

    /// <summary>The access key id in <c>AWS4-HMAC-SHA256 Credential=AKID/20261128/us-east-1/sts/aws4_request, …</c>.</summary>
    internal static string? KeyFromAuthorization(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return null;
        }

        var start = authorization!.IndexOf(CredentialField, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += CredentialField.Length;
        var end = authorization.IndexOf('/', start);
        return end > start ? authorization.Substring(start, end - start) : null;
    }

    internal static DateTimeOffset? DateFromAmzDate(string? amzDate)
        => DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    private static string? Header(IRequest request, string name)
    {
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    private static DateTimeOffset ToUtc(DateTime value) => value.Kind == DateTimeKind.Local
        ? new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero)
        : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
}
