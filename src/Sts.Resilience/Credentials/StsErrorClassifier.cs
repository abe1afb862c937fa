using Amazon.Runtime;

namespace Sts.Resilience.Credentials;

/// <summary>Sorts STS AssumeRole failures into those a later retry can fix and those it cannot.</summary>
internal static class StsErrorClassifier
{
    /// <summary>Whether a later retry cannot fix the failure (see <see cref="StsErrors.IsRecoverable(StsErrorKind)"/>): throttling, 5xx, timeouts and network errors can be fixed.</summary>
    public static bool IsNonRecoverable(Exception exception) =>
        exception is AmazonServiceException { ErrorCode: { } } service && !StsErrors.IsRecoverable(StsErrors.Classify(service));

    /// <summary>STS's answer when a role chain asks for more than one hour.</summary>
    public static bool IsRoleChainingLimit(AmazonServiceException exception) => StsErrors.Classify(exception) == StsErrorKind.RoleChainingLimit;

    /// <summary>STS's answer when the requested duration exceeds the role's MaxSessionDuration.</summary>
    public static bool IsMaxSessionDuration(AmazonServiceException exception) => StsErrors.Classify(exception) == StsErrorKind.AboveMaxSessionDuration;

    /// <summary>A short, secret-free label for logs and <see cref="RefreshingRoleCredentialsStatus"/>.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        AmazonServiceException { ErrorCode: { Length: > 0 } code } service => $"{code}: {service.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
