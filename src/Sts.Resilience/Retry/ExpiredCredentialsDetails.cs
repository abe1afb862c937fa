using System.Net;

namespace Sts.Resilience.Retry;

/// <summary>Everything the handler knows about one expired-credentials rejection; holds no secret.</summary>
internal sealed record ExpiredCredentialsDetails
{
    /// <summary>The service id, such as <c>STS</c>, <c>S3</c> or <c>DynamoDB</c>.</summary>
    public string Service { get; init; } = "AWS";

    /// <summary>The operation, such as <c>GetCallerIdentity</c>.</summary>
    public string Operation { get; init; } = "request";

    public string ErrorCode { get; init; } = string.Empty;

    public HttpStatusCode StatusCode { get; init; }

    public ExpiredTokenOutcome Outcome { get; init; }

    /// <summary>The last four characters of the access key id the rejected request was signed with.</summary>
    public string? RejectedKeySuffix { get; init; }

    /// <summary>The last four characters of the access key id the retry was signed with.</summary>
    public string? RetryKeySuffix { get; init; }

    public string CredentialsTypeName { get; init; } = "AWSCredentials";

    public CredentialOrigin Origin { get; init; }

    public string? ProfileName { get; init; }

    public string? ProfileFile { get; init; }

    /// <summary>Whether the rejected key is also the one in <c>AWS_ACCESS_KEY_ID</c>.</summary>
    public bool KeyMatchesEnvironment { get; init; }

    public DateTimeOffset? Expiration { get; init; }

    /// <summary>Where <see cref="Expiration"/> was read, such as <c>AWS_CREDENTIAL_EXPIRATION</c>.</summary>
    public string? ExpirationSource { get; init; }

    /// <summary>The service's clock (its <c>Date</c> header) minus the host's clock, when known.</summary>
    public TimeSpan? HostClockOffset { get; init; }

    /// <summary>The four-character suffix of an access key id; never more.</summary>
    public static string? KeySuffix(string? accessKeyId)
        => string.IsNullOrEmpty(accessKeyId) ? null
            : accessKeyId!.Length <= 4 ? "****"
            : accessKeyId.Substring(accessKeyId.Length - 4);
}
