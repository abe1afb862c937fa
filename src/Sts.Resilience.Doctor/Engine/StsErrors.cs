namespace Sts.Resilience.Doctor.Engine;

/// <summary>What an STS error code means for credentials, shared by the identity and role checks.</summary>
internal static class StsErrors
{
    public static bool IsExpired(StsFailure failure) => failure.ErrorCode is "ExpiredToken" or "ExpiredTokenException";

    public static bool IsInvalidToken(StsFailure failure) =>
        failure.ErrorCode is "InvalidClientTokenId" or "UnrecognizedClientException" or "InvalidToken" or "AuthFailure";

    /// <summary>The request was signed with a time more than 5 minutes from the server's: a clock problem, not a credentials one.</summary>
    public static bool IsSignatureExpired(StsFailure failure) =>
        failure.ErrorCode is "RequestTimeTooSkewed" or "RequestExpired" or "RequestInTheFuture"
        || (failure.ErrorCode is "SignatureDoesNotMatch" or "InvalidSignatureException"
            && failure.Message.Contains("expired", StringComparison.OrdinalIgnoreCase));

    public static bool IsSignatureMismatch(StsFailure failure) =>
        failure.ErrorCode is "SignatureDoesNotMatch" or "InvalidSignatureException" && !IsSignatureExpired(failure);

    public static bool IsAccessDenied(StsFailure failure) => failure.ErrorCode is "AccessDenied" or "AccessDeniedException";

    public static bool IsChainingLimit(StsFailure failure) =>
        failure.ErrorCode == "ValidationError" && failure.Message.Contains("chaining", StringComparison.OrdinalIgnoreCase);

    public static bool IsAboveMaxSessionDuration(StsFailure failure) =>
        failure.ErrorCode == "ValidationError" && failure.Message.Contains("MaxSessionDuration", StringComparison.Ordinal);
}
