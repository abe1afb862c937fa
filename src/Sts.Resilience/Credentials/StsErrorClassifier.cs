using Amazon.Runtime;

// string.Contains(string, StringComparison) does not exist on netstandard2.0.
#pragma warning disable CA2249

namespace Sts.Resilience.Credentials;

/// <summary>Sorts STS AssumeRole failures into those a later retry can fix and those it cannot.</summary>
internal static class StsErrorClassifier
{
    /// <summary>
    /// Error codes that mean the request itself, the role's policy or the source credentials are wrong: retrying in
    /// 5 minutes gives the same answer. Throttling, 5xx, timeouts and network errors are not here: they are recoverable.
    /// </summary>
    private static readonly HashSet<string> NonRecoverableCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied",
        "AccessDeniedException",
        "MalformedPolicyDocument",
        "PackedPolicyTooLarge",
        "ValidationError",
        "RegionDisabledException",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidIdentityToken",
        "IDPRejectedClaim",
        "OptInRequired",
    };

    public static bool IsNonRecoverable(Exception exception) =>
        exception is AmazonServiceException { ErrorCode: { } code } && NonRecoverableCodes.Contains(code);

    /// <summary>STS's answer when a role chain asks for more than one hour.</summary>
    public static bool IsRoleChainingLimit(AmazonServiceException exception) =>
        exception.ErrorCode == "ValidationError"
        && exception.Message is { } message
        && (message.IndexOf("role chaining", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("1 hour session limit", StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>STS's answer when the requested duration exceeds the role's MaxSessionDuration.</summary>
    public static bool IsMaxSessionDuration(AmazonServiceException exception) =>
        exception.ErrorCode == "ValidationError"
        && exception.Message is { } message
        && message.IndexOf("MaxSessionDuration", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>A short, secret-free label for logs and <see cref="RefreshingRoleCredentialsStatus"/>.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        AmazonServiceException { ErrorCode: { Length: > 0 } code } service => $"{code}: {service.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
