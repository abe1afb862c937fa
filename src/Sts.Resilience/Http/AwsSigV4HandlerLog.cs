using Microsoft.Extensions.Logging;

namespace Sts.Resilience.Http;

/// <summary>Log events of <see cref="AwsSigV4Handler"/>. Event ids 2101–2199 belong to this feature; never reuse one.</summary>
internal static partial class AwsSigV4HandlerLog
{
    [LoggerMessage(EventId = 2101, EventName = "SigV4ExpiredResending", Level = LogLevel.Warning,
        Message = "{Service} {Operation} was rejected as expired ({ErrorCode}): credentials ({CredentialsType}, access key id ending in {KeySuffix}) invalidated, signing again and resending once")]
    public static partial void Resending(ILogger logger, string service, string operation, string errorCode, string credentialsType, string? keySuffix);

    [LoggerMessage(EventId = 2102, EventName = "SigV4ExpiredRecovered", Level = LogLevel.Information,
        Message = "{Service} {Operation} succeeded after signing again with new credentials")]
    public static partial void Recovered(ILogger logger, string service, string operation);

    [LoggerMessage(EventId = 2103, EventName = "SigV4ExpiredNotRefreshable", Level = LogLevel.Error,
        Message = "{Service} {Operation} was rejected as expired ({ErrorCode}); the credentials ({CredentialsType}, access key id ending in {KeySuffix}) cannot refresh, not resent")]
    public static partial void NotRefreshable(ILogger logger, string service, string operation, string errorCode, string credentialsType, string? keySuffix);

    [LoggerMessage(EventId = 2104, EventName = "SigV4ExpiredFailedAgain", Level = LogLevel.Error,
        Message = "{Service} {Operation} was rejected as expired ({ErrorCode}) again after resending (access key id ending in {KeySuffix}); the response goes back to the caller")]
    public static partial void FailedAgain(ILogger logger, string service, string operation, string errorCode, string? keySuffix);

    [LoggerMessage(EventId = 2105, EventName = "SigV4ExpiredBodyNotReplayable", Level = LogLevel.Warning,
        Message = "{Service} {Operation} was rejected as expired ({ErrorCode}); credentials invalidated, but the body cannot be sent twice, so the response goes back to the caller")]
    public static partial void BodyNotReplayable(ILogger logger, string service, string operation, string errorCode);
}
