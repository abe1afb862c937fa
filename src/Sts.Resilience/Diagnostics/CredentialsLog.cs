using Microsoft.Extensions.Logging;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Diagnostics;

/// <summary>
/// The log events of <see cref="RefreshingRoleCredentials"/>. Event ids are stable and never reused (docs/telemetry.md).
/// Access key ids appear only as their last four characters; secrets and tokens never appear.
/// </summary>
internal static partial class CredentialsLog
{
    [LoggerMessage(EventId = 1001, EventName = "CredentialsRefreshed", Level = LogLevel.Information,
        Message = "Refreshed credentials for {RoleArn} (trigger {Trigger}): access key ...{AccessKeySuffix}, expires {Expiration:o}, advisory window {AdvisoryWindow}, took {ElapsedMilliseconds} ms")]
    public static partial void Refreshed(ILogger logger, string roleArn, string trigger, string accessKeySuffix, DateTimeOffset expiration, TimeSpan advisoryWindow, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1002, EventName = "CredentialsRefreshFailed", Level = LogLevel.Warning,
        Message = "Refreshing credentials for {RoleArn} failed (trigger {Trigger}): {Error}. Serving the cached credentials (expire {Expiration:o}); next attempt after {BackoffUntil:o}")]
    public static partial void RefreshFailed(ILogger logger, string roleArn, string trigger, string error, DateTimeOffset expiration, DateTimeOffset backoffUntil);

    [LoggerMessage(EventId = 1003, EventName = "CredentialsNonRecoverableError", Level = LogLevel.Error,
        Message = "Refreshing credentials for {RoleArn} failed with an error a retry cannot fix (trigger {Trigger}): {Error}. Callers get this error until {CachedUntil:o}")]
    public static partial void NonRecoverable(ILogger logger, string roleArn, string trigger, string error, DateTimeOffset cachedUntil);

    [LoggerMessage(EventId = 1004, EventName = "CredentialsInvalidated", Level = LogLevel.Information,
        Message = "Credentials for {RoleArn} with access key ...{AccessKeySuffix} were rejected as expired; the next call refreshes")]
    public static partial void Invalidated(ILogger logger, string roleArn, string accessKeySuffix);

    [LoggerMessage(EventId = 1005, EventName = "RoleChainingDurationClamped", Level = LogLevel.Warning,
        Message = "STS refused {RequestedSeconds} s for {RoleArn} because of the 1-hour role chaining limit; using {ClampedSeconds} s from now on. Set Duration to 1 hour to silence this warning")]
    public static partial void RoleChainingClamp(ILogger logger, string roleArn, int requestedSeconds, int clampedSeconds);

    [LoggerMessage(EventId = 1006, EventName = "InitialCredentialsFetchFailed", Level = LogLevel.Error,
        Message = "Fetching the first credentials for {RoleArn} failed (trigger {Trigger}): {Error}. Nothing is cached, so the caller gets the error")]
    public static partial void InitialFetchFailed(ILogger logger, string roleArn, string trigger, string error);

    [LoggerMessage(EventId = 1007, EventName = "ClockSkewDetected", Level = LogLevel.Warning,
        Message = "The local clock differs from STS's clock by {Skew} for {RoleArn}; credential expiry is judged in STS's time")]
    public static partial void ClockSkew(ILogger logger, string roleArn, TimeSpan skew);

    [LoggerMessage(EventId = 1008, EventName = "RefreshSkippedInBackoff", Level = LogLevel.Debug,
        Message = "Credentials for {RoleArn} need a refresh but the backoff lasts until {BackoffUntil:o}; serving the cached credentials")]
    public static partial void InBackoff(ILogger logger, string roleArn, DateTimeOffset backoffUntil);

    [LoggerMessage(EventId = 1009, EventName = "BackgroundRefreshScheduled", Level = LogLevel.Debug,
        Message = "Background refresh for {RoleArn} scheduled at {DueTime:o}")]
    public static partial void BackgroundScheduled(ILogger logger, string roleArn, DateTimeOffset dueTime);

    [LoggerMessage(EventId = 1010, EventName = "LateTimerDetected", Level = LogLevel.Warning,
        Message = "The credential window timer for {RoleArn} did not fire on time (a suspended process or a starved thread pool); the caller checked the clock itself")]
    public static partial void LateTimer(ILogger logger, string roleArn);

    [LoggerMessage(EventId = 1011, EventName = "ClockSkewIgnored", Level = LogLevel.Warning,
        Message = "The Date header of the answer for {RoleArn} is {Skew} away from the local clock, beyond the {Bound} that a clock can sensibly be off; it is ignored (a broken header or proxy)")]
    public static partial void ClockSkewIgnored(ILogger logger, string roleArn, TimeSpan skew, TimeSpan bound);

    [LoggerMessage(EventId = 1012, EventName = "RefreshCompletionFailed", Level = LogLevel.Error,
        Message = "Recording the refresh outcome for {RoleArn} threw; waiting callers were released anyway")]
    public static partial void CompletionFailed(ILogger logger, string roleArn, Exception exception);

    /// <summary>
    /// A front's <c>ToString()</c>: its type, what it is (<paramref name="subject"/>, such as <c>Role = arn:…</c>) and the last
    /// four characters of the cached key; never a secret or the token.
    /// </summary>
    public static string Describe(string frontName, string subject, CacheEntry? entry) => entry is null
        ? $"{frontName} {{ {subject}, no credentials yet }}"
        : FormattableString.Invariant($"{frontName} {{ {subject}, AccessKeyId = ...{Suffix(entry.Credentials.AccessKey)}, Expiration = {entry.Expiration:o} }}");

    /// <summary>The last four characters of an access key id: enough to tell keys apart, never enough to use one.</summary>
    public static string Suffix(string? accessKeyId) =>
        accessKeyId is { Length: >= 4 } ? accessKeyId.Substring(accessKeyId.Length - 4) : "????";
}
