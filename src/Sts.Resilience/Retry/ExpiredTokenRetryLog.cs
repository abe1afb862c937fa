using Microsoft.Extensions.Logging;

namespace Sts.Resilience.Retry;

/// <summary>Log events of the expired-token retry. Event ids 2001–2099 belong to this feature; never reuse one.</summary>
internal static partial class ExpiredTokenRetryLog
{
    [LoggerMessage(EventId = 2001, EventName = "ExpiredTokenRetrying", Level = LogLevel.Warning,
        Message = "{Service} {Operation} was rejected with {ErrorCode}: credentials ({CredentialsType}, access key id ending in {KeySuffix}) invalidated, retrying once")]
    public static partial void Retrying(ILogger logger, string service, string operation, string errorCode, string credentialsType, string? keySuffix);

    [LoggerMessage(EventId = 2002, EventName = "ExpiredTokenRecovered", Level = LogLevel.Information,
        Message = "{Service} {Operation} succeeded after the expired-token retry")]
    public static partial void Recovered(ILogger logger, string service, string operation);

    [LoggerMessage(EventId = 2003, EventName = "ExpiredTokenNotRefreshable", Level = LogLevel.Error,
        Message = "{Service} {Operation} was rejected with {ErrorCode}; the credentials ({CredentialsType}, access key id ending in {KeySuffix}) cannot refresh, not retried")]
    public static partial void NotRefreshable(ILogger logger, string service, string operation, string errorCode, string credentialsType, string? keySuffix);

    [LoggerMessage(EventId = 2004, EventName = "ExpiredTokenFailedAgain", Level = LogLevel.Error,
        Message = "{Service} {Operation} was rejected with {ErrorCode} again after the retry (access key id ending in {KeySuffix}); not retried again")]
    public static partial void FailedAgain(ILogger logger, string service, string operation, string errorCode, string? keySuffix);

    [LoggerMessage(EventId = 2005, EventName = "ExpiredTokenBodyNotRewindable", Level = LogLevel.Warning,
        Message = "{Service} {Operation} was rejected with {ErrorCode}; credentials invalidated, but the request body cannot be rewound, not retried")]
    public static partial void BodyNotRewindable(ILogger logger, string service, string operation, string errorCode);

    [LoggerMessage(EventId = 2006, EventName = "ExpiredTokenRetryNotInstalled", Level = LogLevel.Warning,
        Message = "The expired-token retry was not installed on {ClientType}: {Reason}")]
    public static partial void NotInstalled(ILogger logger, string clientType, string reason);

    [LoggerMessage(EventId = 2007, EventName = "ExpiredCredentialsAdvice", Level = LogLevel.Warning,
        Message = "{Service} {Operation} throws its own {ExceptionType} ({ErrorCode}); what to fix: {Advice}")]
    public static partial void Advice(ILogger logger, string service, string operation, string exceptionType, string errorCode, string advice);
}
