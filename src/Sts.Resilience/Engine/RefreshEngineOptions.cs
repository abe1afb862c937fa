using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>
/// What a front (<see cref="RefreshingRoleCredentials"/>, and the web identity, container or instance metadata fronts)
/// tells its <see cref="RefreshEngine"/>: how to name the credentials, the windows, the time limit of one fetch, and
/// where time, logs and metrics come from. The engine knows nothing else about the front.
/// </summary>
internal sealed class RefreshEngineOptions
{
    /// <summary>Gets the name of the credentials in logs, metrics (the <c>role</c> tag) and status: a role ARN, never a secret.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the type of the front, named in <see cref="ObjectDisposedException"/> once disposed.</summary>
    public Type OwnerType { get; init; } = typeof(RefreshEngine);

    /// <summary>Gets the fixed advisory window, or <see langword="null"/> to choose it from each session's lifetime.</summary>
    public TimeSpan? AdvisoryWindow { get; init; }

    /// <summary>Gets a value indicating whether a timer refreshes inside the advisory window.</summary>
    public bool BackgroundRefresh { get; init; } = true;

    /// <summary>Gets how long one fetch may take; the engine cancels it after twice this (the source's own retries fit in one).</summary>
    public TimeSpan FetchTimeout { get; init; } = RefreshingRoleCredentialsDefaults.StsTimeout;

    /// <summary>Gets a value indicating whether a session without a session token is incomplete (true for every temporary source; static keys may have none).</summary>
    public bool RequireSessionToken { get; init; } = true;

    /// <summary>Gets the clock and timers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets the engine's clock, or <see langword="null"/> for a new one over <see cref="TimeProvider"/>: a front passes
    /// one when its source must judge time as the engine does (the CLI cache reads <see cref="EngineClock.Sts"/>).
    /// </summary>
    public EngineClock? Clock { get; init; }

    /// <summary>Gets where log events go (the front's category).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Gets the random durations (backoff, jitter), fixed by tests.</summary>
    public RefreshTimings Timings { get; init; } = RefreshTimings.Default;

    /// <summary>
    /// Gets, for the cached session's expiration, why the source handed out an extension of an older session instead of a
    /// fresh one (IMDS static stability), or <see langword="null"/>; shown as <see cref="RefreshingRoleCredentialsStatus.StaticStability"/>.
    /// <see langword="null"/> for sources that never extend a session.
    /// </summary>
    public Func<DateTimeOffset, string?>? DescribeExtension { get; init; }

    /// <summary>Gets the meter instruments refreshes are recorded on.</summary>
    public CredentialsTelemetry Telemetry { get; init; } = CredentialsTelemetry.Current;
}
