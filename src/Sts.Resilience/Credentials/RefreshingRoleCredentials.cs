using Amazon.Runtime;
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
/// and no clock read. Inside the mandatory window (or once expired, or after <see cref="Invalidate"/>) callers wait
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
/// <b>Failures.</b> A failed refresh keeps serving the cached credentials, even expired ones, and backs off 300–600 s;
/// only a first fetch with nothing cached throws. Errors a retry cannot fix (access denied, malformed or oversized
/// policy, validation errors, disabled region, an expired or invalid source token) are thrown at once and rethrown
/// for 1–5 s without contacting STS again.
/// </para>
/// <para>
/// <b>Clock skew.</b> Expiry is judged in STS's clock, learned from the <c>Date</c> header of each AssumeRole response.
/// </para>
/// </remarks>
public sealed partial class RefreshingRoleCredentials : AWSCredentials, IInvalidatableCredentials, IDisposable, IAsyncDisposable
{
    private readonly RefreshingRoleCredentialsOptions _options;
    private readonly ICredentialSource _source;
    private readonly AssumeRoleCredentialSource? _ownedSource;
    private readonly ILogger _logger;
    private readonly RefreshEngine _engine;

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
    {
        _profilePlan = plan;
        _options = plan.Options;
        var time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<RefreshingRoleCredentials>() ?? NullLogger.Instance;

        if (source is null)
        {
            var assumeRole = new AssumeRoleCredentialSource(_options, stsClient, time, _logger);
            _source = WithCliCache(assumeRole, _options, plan.CacheKey, time, loggerFactory, _logger);
            _ownedSource = assumeRole;
        }
        else
        {
            _source = source;
        }

        _engine = new RefreshEngine(_source, new RefreshEngineOptions
        {
            Name = _options.RoleArn,
            OwnerType = typeof(RefreshingRoleCredentials),
            AdvisoryWindow = _options.AdvisoryWindow,
            BackgroundRefresh = _options.BackgroundRefresh,
            FetchTimeout = _options.StsTimeout,
            TimeProvider = time,
            Logger = _logger,
            Timings = timings ?? RefreshTimings.Default,
            Telemetry = telemetry ?? CredentialsTelemetry.Default,
        });
    }

    internal string RoleArn => _options.RoleArn;

    /// <summary>Gets the session duration asked of STS (the longest any one session can last).</summary>
    internal TimeSpan SessionDuration => _options.Duration;

    /// <summary>Whether <paramref name="accessKeyId"/> was invalidated, replaced by a refresh, or has expired (what makes an S3 HEAD's bare 400 count as expired).</summary>
    internal bool IsKnownStale(string accessKeyId) => _engine.IsKnownStale(accessKeyId);

    /// <summary>Gets the engine behind this front (the hosted service and the tests reach it).</summary>
    internal RefreshEngine Engine => _engine;

    /// <summary>Stops the background refresh for good while the instance keeps answering callers (a host shutting down).</summary>
    internal void StopBackgroundRefresh() => _engine.StopBackgroundRefresh();

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

    /// <summary>Gets when the cached credentials expire, converted to the local clock (UTC), or <see langword="null"/> before the first fetch.</summary>
    /// <value>The expiry of the cached credentials; setting it has no effect.</value>
    public override DateTime? Expiration => _engine.Expiration;

    /// <summary>Gets a snapshot of the refresh state: expiry, last refresh, last error, backoff. Contains no secret.</summary>
    public RefreshingRoleCredentialsStatus Status => _engine.Status;

    /// <summary>Returns valid credentials, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when STS answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    /// <remarks>
    /// Never runs the refresh on the calling thread: a caller that has to wait blocks on the shared refresh, which runs on
    /// the thread pool without the caller's synchronization context, so a UI or ASP.NET classic thread cannot deadlock.
    /// </remarks>
    public override ImmutableCredentials GetCredentials()
    {
        return _engine.GetCredentials();
    }

    /// <summary>Returns valid credentials asynchronously, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with; a cached completed task while they are fresh.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when STS answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    public override Task<ImmutableCredentials> GetCredentialsAsync()
    {
        return _engine.GetCredentialsAsync();
    }

    /// <summary>
    /// Returns credentials that stay valid for at least <paramref name="minimumValidity"/>, refreshing first when the cached
    /// ones would expire sooner: for presigned URLs and RDS authentication tokens, whose lifetime ends with the credentials'.
    /// </summary>
    /// <param name="minimumValidity">How long the credentials must stay valid (0 to 12 hours).</param>
    /// <param name="cancellationToken">Cancels the wait; the shared refresh itself goes on for other callers.</param>
    /// <returns>Credentials valid for at least <paramref name="minimumValidity"/> (judged in STS's clock).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="minimumValidity"/> is negative or above 12 hours.</exception>
    /// <exception cref="AmazonClientException">Thrown when no credentials valid that long can be had: the refresh failed or is in backoff, or the session <see cref="RefreshingRoleCredentialsOptions.Duration"/> is shorter.</exception>
    /// <exception cref="AmazonServiceException">Thrown when STS answered with an error a retry cannot fix.</exception>
    public Task<ImmutableCredentials> GetCredentialsAsync(TimeSpan minimumValidity, CancellationToken cancellationToken = default)
    {
        return _engine.GetCredentialsAsync(minimumValidity, cancellationToken);
    }

    /// <summary>
    /// Tells the instance that a service rejected the credentials with access key id <paramref name="rejectedAccessKeyId"/>
    /// as expired. Compare-and-swap: only if the cached credentials carry that key does the next call wait for a refresh;
    /// an active backoff still applies.
    /// </summary>
    /// <param name="rejectedAccessKeyId">The access key id the rejected request was signed with.</param>
    /// <returns><see langword="true"/> when the cached credentials were the rejected ones and are now marked stale.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rejectedAccessKeyId"/> is <see langword="null"/>.</exception>
    public bool Invalidate(string rejectedAccessKeyId)
    {
        return _engine.Invalidate(rejectedAccessKeyId);
    }

    /// <summary>Returns the role and the last four characters of the cached access key id; never a secret.</summary>
    /// <returns>A description for logs and debuggers.</returns>
    public override string ToString() => CredentialsLog.Describe(nameof(RefreshingRoleCredentials), _options.RoleArn, _engine.Entry);

    /// <summary>Stops the background refresh and the window timers, and disposes the STS client if this instance created it.</summary>
    public void Dispose()
    {
        if (!_engine.BeginDispose())
        {
            return;
        }

        _ownedSource?.Dispose();
        _profilePlan.Dispose();
    }

    /// <summary>Stops the background refresh and the window timers, waits for a refresh in flight to stop, and disposes the STS client if this instance created it.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_engine.BeginDispose())
        {
            return;
        }

        await _engine.WaitForInflightAsync().ConfigureAwait(false);

        _ownedSource?.Dispose();
        _profilePlan.Dispose();
    }

    private static RefreshingRoleCredentialsOptions Validated(RefreshingRoleCredentialsOptions options)
    {
        Guard.NotNull(options);
        options.Validate();
        return options;
    }
}
