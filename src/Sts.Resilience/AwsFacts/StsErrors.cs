using Amazon.Runtime;

// string.Contains(string, StringComparison) does not exist on netstandard2.0.
#pragma warning disable CA2249

namespace Sts.Resilience;

/// <summary>
/// Sorts the error answers of AWS STS into <see cref="StsErrorKind"/>s, and says which of them a later retry cannot fix.
/// The library's refresh, its retry advice and <c>sts-doctor</c> all use this one table.
/// </summary>
public static class StsErrors
{
    /// <summary>
    /// Says what an STS error means.
    /// </summary>
    /// <param name="errorCode">The error code, as in <see cref="AmazonServiceException.ErrorCode"/> (<c>ExpiredToken</c>, <c>ValidationError</c>…).</param>
    /// <param name="message">The error message; some kinds share a code and differ only there (<c>ValidationError</c>, <c>SignatureDoesNotMatch</c>).</param>
    /// <returns>The kind; <see cref="StsErrorKind.Other"/> for a missing or unknown code.</returns>
    public static StsErrorKind Classify(string? errorCode, string? message)
    {
        switch (errorCode)
        {
            case "ExpiredToken" or "ExpiredTokenException":
                return StsErrorKind.Expired;
            case "InvalidClientTokenId" or "UnrecognizedClientException" or "InvalidToken" or "AuthFailure" or "InvalidIdentityToken" or "IDPRejectedClaim":
                return StsErrorKind.InvalidCredentials;
            case "RequestTimeTooSkewed" or "RequestExpired" or "RequestInTheFuture":
                return StsErrorKind.ClockSkew;
            case "SignatureDoesNotMatch" or "InvalidSignatureException":
                return Contains(message, "expired") ? StsErrorKind.ClockSkew : StsErrorKind.SignatureMismatch;
            case "AccessDenied" or "AccessDeniedException":
                return StsErrorKind.AccessDenied;
            case "ValidationError":
                return Contains(message, "role chaining") || Contains(message, "1 hour session limit") ? StsErrorKind.RoleChainingLimit
                    : Contains(message, "MaxSessionDuration") ? StsErrorKind.AboveMaxSessionDuration
                    : StsErrorKind.InvalidRequest;
            case "MalformedPolicyDocument" or "PackedPolicyTooLarge":
                return StsErrorKind.InvalidRequest;
            case "RegionDisabledException" or "OptInRequired":
                return StsErrorKind.RegionDisabled;
            default:
                return StsErrorKind.Other;
        }
    }

    /// <summary>Says what an STS error means.</summary>
    /// <param name="exception">The exception an STS client threw.</param>
    /// <returns>The kind; <see cref="StsErrorKind.Other"/> for an unknown code.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="exception"/> is <see langword="null"/>.</exception>
    public static StsErrorKind Classify(AmazonServiceException exception)
    {
        Internal.Guard.NotNull(exception);
        return Classify(exception.ErrorCode, exception.Message);
    }

    /// <summary>
    /// Whether asking again later, with the same request and source credentials, can succeed: for
    /// <see cref="StsErrorKind.Other"/> (throttling, server errors, unknown codes), <see cref="StsErrorKind.ClockSkew"/> (the
    /// AWS SDK corrects its clock offset from the answer, so the next request is signed right) and
    /// <see cref="StsErrorKind.SignatureMismatch"/> (source credentials that rotate sign the next request with the new key).
    /// Every other kind needs a change to the request, the role or the credentials.
    /// </summary>
    /// <param name="kind">The kind of the error.</param>
    /// <returns><see langword="true"/> when a retry may succeed.</returns>
    public static bool IsRecoverable(StsErrorKind kind) => kind is StsErrorKind.Other or StsErrorKind.ClockSkew or StsErrorKind.SignatureMismatch;

    private static bool Contains(string? text, string value) =>
        text is not null && text.IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0;
}
