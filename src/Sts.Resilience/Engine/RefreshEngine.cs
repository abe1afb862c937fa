using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Internal;

namespace Sts.Resilience.Engine;

/// <summary>
/// The refresh engine behind every front: windows, single flight, backoff, the non-recoverable cache, timers and
/// clock skew, over one <see cref="ICredentialSource"/>. A front (an <see cref="Amazon.Runtime.AWSCredentials"/>) owns
/// one engine and forwards its calls; the engine never knows which source or front it serves.
/// </summary>
internal sealed partial class RefreshEngine : IDisposable, IAsyncDisposable
{
    private readonly ICredentialSource _source;
    private readonly string _name;
    private readonly Type _ownerType;
    private readonly TimeSpan? _advisoryWindowOption;
    private readonly bool _backgroundRefresh;
    private readonly bool _requireSessionToken;
    private readonly TimeSpan _fetchTimeout;
    private readonly TimeProvider _time;
    private readonly EngineClock _clock;
    private readonly ILogger _logger;
    private readonly RefreshTimings _timings;
    private readonly CredentialsTelemetry _telemetry;
    private readonly Func<DateTimeOffset, string?>? _describeExtension;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposeCts = new();

    /// <summary>Initializes a new instance of the <see cref="RefreshEngine"/> class; nothing is fetched until asked for.</summary>
    /// <param name="source">Where sessions come from; the front keeps ownership.</param>
    /// <param name="options">The front's settings.</param>
    public RefreshEngine(ICredentialSource source, RefreshEngineOptions options)
    {
        _source = source;
        _name = options.Name;
        _ownerType = options.OwnerType;
        _advisoryWindowOption = options.AdvisoryWindow;
        _backgroundRefresh = options.BackgroundRefresh;
        _requireSessionToken = options.RequireSessionToken;
        _fetchTimeout = options.FetchTimeout;
        _time = options.TimeProvider;
        _clock = options.Clock ?? new EngineClock(_time);
        _logger = options.Logger;
        _timings = options.Timings;
        _telemetry = options.Telemetry;
        _describeExtension = options.DescribeExtension;
        _telemetry.Register(this);
        LateTimerWatchdog.Watch(this);
    }

    /// <summary>How far a server's clock may sensibly be from the local one; a Date header further off is ignored.</summary>
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromHours(12);

    private volatile CacheEntry? _entry;

    /// <summary>
    /// The entry the hot path may return without looking further: set to the new entry by a refresh that lands before
    /// its advisory window, and cleared (compare-and-swap, so only for the entry it was armed for) by the window timer,
    /// the <see cref="LateTimerWatchdog"/>, <see cref="Invalidate"/> and disposal. One reference, so a reader never
    /// pairs an entry with another entry's state. See <see cref="GetCredentials"/>.
    /// </summary>
    private volatile CacheEntry? _fresh;

    // Guarded by _gate.
    private Task<RefreshOutcome>? _inflight;

    // How many refreshes have settled (under _gate, with _inflight cleared): a caller that decided on what it read before
    // one settled decides again instead of starting another refresh (StartOrJoin).
    private int _settled;
    private ITimer? _windowTimer;
    private ITimer? _backgroundTimer;
    private DateTimeOffset? _backoffUntil;
    private DateTimeOffset? _expiredRetryAt;
    private DateTimeOffset? _lastRefresh;
    private DateTimeOffset? _lastAttempt;
    private string? _lastError;
    private long _refreshCount;
    private int _fastFailures;
    private volatile bool _disposed;
    private bool _backgroundStopped;

    private volatile CachedFailure? _nonRecoverable;
    private long _rateLimitedCalls;

    private enum Trigger
    {
        Initial,
        Advisory,
        Mandatory,
        Expired,
        Invalidated,
        MinimumValidity,
        Background,
    }

    /// <summary>
    /// Gets when the cached credentials expire, read on the local wall clock (UTC), or <see langword="null"/> before the
    /// first fetch: the session's deadline on the engine's clock (see <see cref="EngineClock"/>), shown as wall time.
    /// </summary>
    /// <value>The expiry of the cached credentials; setting it has no effect.</value>
    public DateTime? Expiration => _entry is { } entry ? _clock.ToWall(entry.LocalExpiry).UtcDateTime : null;

    /// <summary>Gets a snapshot of the refresh state: expiry, last refresh, last error, backoff. Contains no secret.</summary>
    public RefreshingRoleCredentialsStatus Status => CreateStatus();

    /// <summary>Returns valid credentials, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when STS answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    /// <remarks>
    /// A caller that has to wait (no session, expired, invalidated, mandatory window) and finds no refresh running runs
    /// it on its own thread with the source's synchronous I/O when the source has it (<see cref="ISynchronousCredentialSource"/>),
    /// without its synchronization context; every other caller shares that flight. So the refresh never needs a
    /// thread-pool thread that blocked callers hold. Otherwise (a source without synchronous I/O, the netstandard2.0
    /// build) the refresh runs on the thread pool without the caller's synchronization context and the caller blocks on
    /// it, so a UI or ASP.NET classic thread cannot deadlock, but many blocked pool threads delay it until the pool grows.
    /// </remarks>
    public ImmutableCredentials GetCredentials()
    {
        // Hot path: one volatile read, no lock, no allocation, no wall-clock read (see _fresh).
        if (_fresh is { } entry)
        {
            return entry.Credentials;
        }

        return GetSlow();
    }

    /// <summary>Returns valid credentials asynchronously, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with; a cached completed task while they are fresh.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when STS answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    public Task<ImmutableCredentials> GetCredentialsAsync()
    {
        if (_fresh is { } entry)
        {
            return entry.CompletedTask;
        }

        return GetSlowAsync(TimeSpan.Zero, CancellationToken.None);
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
        if (minimumValidity < TimeSpan.Zero || minimumValidity > RefreshingRoleCredentialsDefaults.MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumValidity), minimumValidity, "The minimum validity must be from 0 to 12 hours.");
        }

        return GetSlowAsync(minimumValidity, cancellationToken);
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
        Guard.NotNull(rejectedAccessKeyId);
        while (true)
        {
            var entry = _entry;
            if (entry is null || entry.Invalidated || !string.Equals(entry.Credentials.AccessKey, rejectedAccessKeyId, StringComparison.Ordinal))
            {
                return false;
            }

            // The hot path goes first: a caller that sees the entry marked (IsKnownStale, then re-signs) must not be
            // handed the rejected key by _fresh in between. Clearing it for this entry is harmless if the CAS below
            // loses to a refresh: that refresh armed _fresh for its own entry, which this comparand does not touch.
            Interlocked.CompareExchange(ref _fresh, null, entry);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _entry, entry.AsInvalidated(), entry), entry))
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
#pragma warning disable CA1873 // Guarded by IsEnabled above; the analyzer does not see through it.
                    CredentialsLog.Invalidated(_logger, _name, CredentialsLog.Suffix(rejectedAccessKeyId));
#pragma warning restore CA1873
                }

                return true;
            }
        }
    }

    /// <summary>Gets the cached entry (credentials and expiry), or <see langword="null"/> before the first fetch.</summary>
    internal CacheEntry? Entry => _entry;

    /// <summary>Stops the background refresh and the window timers; a refresh in flight is cancelled.</summary>
    public void Dispose() => BeginDispose();

    /// <summary>Stops the background refresh and the window timers and waits for a refresh in flight to stop.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (BeginDispose())
        {
            await WaitForInflightAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the refresh in flight, if any, to finish (after <see cref="BeginDispose"/> it is being cancelled).</summary>
    /// <returns>A task that completes when no refresh runs.</returns>
    internal async Task WaitForInflightAsync()
    {
        Task? inflight;
        lock (_gate)
        {
            inflight = _inflight;
        }

        if (inflight is not null)
        {
            await inflight.ConfigureAwait(false);
        }
    }

    /// <summary>Gets the name in logs and metrics (a role ARN).</summary>
    internal string Name => _name;

    /// <summary>Whether <paramref name="accessKeyId"/> was invalidated, replaced by a refresh, or has expired (engine's clock).</summary>
    internal bool IsKnownStale(string accessKeyId)
        => _entry is { } entry
           && (entry.Invalidated
               || !string.Equals(entry.Credentials.AccessKey, accessKeyId, StringComparison.Ordinal)
               || _clock.LocalNow() >= entry.LocalExpiry);

    internal TimeSpan? TimeToExpiry() => _entry is { } entry ? entry.LocalExpiry - _clock.LocalNow() : null;

    /// <summary>
    /// Called by <see cref="LateTimerWatchdog"/>: the window timers run on the thread pool and count monotonic time, so
    /// a starved pool or a suspended process makes them late; this compares the engine's clock (which follows the wall
    /// clock forward: a suspend counts, see <see cref="EngineClock"/>) once a second and moves
    /// callers to the slow path itself, so a late timer costs at most about a second of cached answers, still inside
    /// the advisory window (or, after a suspend past expiry, rejected once and recovered through <see cref="Invalidate"/>).
    /// </summary>
    internal void CheckLateTimer()
    {
        if (_fresh is not { } entry || _clock.LocalNow() < entry.LocalAdvisoryStart)
        {
            return;
        }

        if (ReferenceEquals(Interlocked.CompareExchange(ref _fresh, null, entry), entry))
        {
            CredentialsLog.LateTimer(_logger, _name);
        }
    }
}
