using Amazon.SecurityToken;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;
using Sts.Resilience.Profiles;

namespace Sts.Resilience;

/// <summary>
/// Assumed-role credentials that refresh before they expire, so a long-running process never fails with
/// <c>ExpiredToken</c>. Pass an instance to any AWS SDK client; share one instance per role.
/// </summary>
/// <remarks>
/// <para>
/// <b>Windows.</b> The advisory window comes from the credential lifetime (≤ 20 min → 5 min; &lt; 90 min → 15 min;
/// otherwise 60 min) unless <see cref="RefreshingRoleCredentialsOptions.AdvisoryWindow"/> is set; the mandatory window
/// is the last minute. Outside the advisory window a call returns the cached credentials with no lock, no allocation
/// and no clock read. Inside the mandatory window (or once expired, or after <see cref="RefreshingCredentials.Invalidate"/>) callers wait
/// for the single refresh.
/// </para>
/// <para>
/// <b>Advisory window.</b> A caller inside the advisory window starts (or joins) the single refresh and never waits
/// for STS: when the refresh has already finished by the time the call would return (an asynchronous caller runs the
/// refresh up to its first real wait, so a source that answers synchronously, such as a cache, finishes), the caller
/// gets its result: the new credentials, or the non-recoverable error. Otherwise the caller gets the cached
/// credentials at once and a later call gets the new ones. With <see cref="RefreshingRoleCredentialsOptions.BackgroundRefresh"/>
/// (the default) a timer normally refreshes at a jittered time early in the advisory window, so callers rarely get here.
/// </para>
/// <para>
/// <b>Failures.</b> A failed refresh keeps serving the cached credentials, even expired ones, and backs off: 300–600 s
/// while more than the mandatory window is left (never past its start), then about 1 s doubling to about 30 s; a caller
/// that finds the session expired (or invalidated) may try again 1–2 s after the last failed attempt. Only a first
/// fetch with nothing cached throws. One fetch sends at most 3 HTTP requests through the STS client this instance creates. Errors a retry cannot fix (access denied, malformed or oversized
/// policy, validation errors, disabled region, an expired or invalid source token) are thrown at once and rethrown
/// for 1–5 s without contacting STS again.
/// </para>
/// <para>
/// <b>Clock skew.</b> Expiry is judged in STS's clock, learned from the <c>Date</c> header of each AssumeRole response.
/// </para>
/// </remarks>
public sealed partial class RefreshingRoleCredentials : RefreshingCredentials
{
    private readonly RefreshingRoleCredentialsOptions _options;
    private readonly ICredentialSource _source;
    private readonly AssumeRoleCredentialSource? _ownedSource;

    /// <summary>
    /// Initializes a new instance of the <see cref="RefreshingRoleCredentials"/> class. No STS call is made until
    /// credentials are first asked for.
    /// </summary>
    /// <param name="options">The role to assume and how; copied, so later changes have no effect.</param>
    /// <param name="stsClient">
    /// The STS client to call AssumeRole with; it is not disposed. When <see langword="null"/>, one long-lived client is
    /// created from <see cref="RefreshingRoleCredentialsOptions.SourceCredentials"/>, <see cref="RefreshingRoleCredentialsOptions.Region"/>,
    /// <see cref="RefreshingRoleCredentialsOptions.ServiceUrl"/> and <see cref="RefreshingRoleCredentialsOptions.StsTimeout"/>, and disposed with this instance.
    /// </param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="options"/> are invalid; the message lists every problem.</exception>
    public RefreshingRoleCredentials(
        RefreshingRoleCredentialsOptions options,
        IAmazonSecurityTokenService? stsClient = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : this(Validated(options), source: null, stsClient, timeProvider, loggerFactory, timings: null)
    {
    }

    /// <summary>
    /// Builds an instance over a custom source (a CLI-cache decorator, web identity…), with the same engine, and records its
    /// metrics on <paramref name="telemetry"/> (a host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/> meter) or the package's own meter.
    /// A profile in <paramref name="options"/> is resolved by <see cref="RoleCredentialsFactory"/> in the process's environment.
    /// </summary>
    internal RefreshingRoleCredentials(
        RefreshingRoleCredentialsOptions options,
        ICredentialSource? source,
        IAmazonSecurityTokenService? stsClient,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        RefreshTimings? timings,
        CredentialsTelemetry? telemetry = null)
        : this(
            RoleCredentialsFactory.Plan(Validated(options), CredentialEnvironment.Process, timeProvider ?? TimeProvider.System, loggerFactory),
            source,
            stsClient,
            timeProvider,
            loggerFactory,
            timings,
            telemetry)
    {
    }

    /// <summary>
    /// Builds an instance from a resolved plan (<see cref="RoleCredentialsFactory"/>): the last role's options, and the
    /// profile hops this instance owns and disposes.
    /// </summary>
    internal RefreshingRoleCredentials(
        ProfileChainPlan plan,
        ICredentialSource? source,
        IAmazonSecurityTokenService? stsClient,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        RefreshTimings? timings,
        CredentialsTelemetry? telemetry)
        : this(Assemble(plan, source, stsClient, timeProvider ?? TimeProvider.System, loggerFactory), timings, telemetry)
    {
    }

    private RefreshingRoleCredentials(Parts parts, RefreshTimings? timings, CredentialsTelemetry? telemetry)
        : base(parts.Source, new RefreshEngineOptions
        {
            Name = parts.Options.RoleArn,
            OwnerType = typeof(RefreshingRoleCredentials),
            AdvisoryWindow = parts.Options.AdvisoryWindow,
            BackgroundRefresh = parts.Options.BackgroundRefresh,
            FetchTimeout = parts.Options.StsTimeout,
            TimeProvider = parts.Clock.Time,
            Clock = parts.Clock,
            Logger = parts.Logger,
            Timings = timings ?? RefreshTimings.Default,
            Telemetry = telemetry ?? CredentialsTelemetry.Current,
        })
    {
        _options = parts.Options;
        _source = parts.Source;
        _ownedSource = parts.OwnedSource;
        _profilePlan = parts.ProfilePlan;
    }

    internal string RoleArn => _options.RoleArn;

    /// <summary>Gets the session duration asked of STS (the longest any one session can last).</summary>
    internal TimeSpan SessionDuration => _options.Duration;

    /// <summary>
    /// Builds an instance from options and a custom <see cref="ICredentialSource"/>; the caller keeps ownership of the source.
    /// </summary>
    internal static RefreshingRoleCredentials Create(
        RefreshingRoleCredentialsOptions options,
        ICredentialSource source,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        RefreshTimings? timings = null) =>
        new(options, Guard.NotNull(source), stsClient: null, timeProvider, loggerFactory, timings);

    /// <inheritdoc/>
    private protected override string Description => "Role = " + _options.RoleArn;

    /// <inheritdoc/>
    private protected override void DisposeOwned()
    {
        _ownedSource?.Dispose();
        _profilePlan.Dispose();
    }

    /// <summary>Builds the AssumeRole source of a resolved plan, wrapped in the CLI cache when asked for (or takes the given source).</summary>
    private static Parts Assemble(
        ProfileChainPlan plan,
        ICredentialSource? source,
        IAmazonSecurityTokenService? stsClient,
        TimeProvider time,
        ILoggerFactory? loggerFactory)
    {
        var resolved = plan.Options;
        var logger = (ILogger?)loggerFactory?.CreateLogger<RefreshingRoleCredentials>() ?? NullLogger.Instance;
        var clock = new EngineClock(time);
        if (source is not null)
        {
            return new Parts(resolved, source, null, plan, clock, logger);
        }

        // The CLI cache judges an entry's freshness by the engine's STS time (its clock plus the skew STS's answers
        // showed), the same "now" the engine times its sessions by: not the local wall clock.
        var assumeRole = new AssumeRoleCredentialSource(resolved, stsClient, time, logger);
        return new Parts(resolved, WithCliCache(assumeRole, resolved, plan.CacheKey, clock.Sts, loggerFactory, logger), assumeRole, plan, clock, logger);
    }

    private static RefreshingRoleCredentialsOptions Validated(RefreshingRoleCredentialsOptions options)
    {
        Guard.NotNull(options);
        options.Validate();
        return options;
    }

    /// <summary>What the constructor resolves before the engine is built.</summary>
    private sealed record Parts(
        RefreshingRoleCredentialsOptions Options,
        ICredentialSource Source,
        AssumeRoleCredentialSource? OwnedSource,
        ProfileChainPlan ProfilePlan,
        EngineClock Clock,
        ILogger Logger);
}
