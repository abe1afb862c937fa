using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience;

/// <summary>The refresh engine: windows, single flight, backoff, the non-recoverable cache, timers and clock skew.</summary>
public sealed partial class RefreshingRoleCredentials
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposeCts = new();

    private volatile CacheEntry? _entry;

    /// <summary>
    /// Set when the advisory window starts (by the window timer, or by <see cref="LateTimerWatchdog"/> when the timer is
    /// late), and before the first fetch: it lets the hot path decide "fresh" without reading the clock. See <see cref="IsFresh"/>.
    /// </summary>
    private volatile bool _advisoryReached = true;

    // Guarded by _gate.
    private Task<RefreshOutcome>? _inflight;
    private ITimer? _windowTimer;
    private ITimer? _backgroundTimer;
    private DateTimeOffset? _backoffUntil;
    private DateTimeOffset? _lastRefresh;
    private DateTimeOffset? _lastAttempt;
    private string? _lastError;
    private TimeSpan _skew;
    private long _refreshCount;
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

    /// <summary>Whether <paramref name="accessKeyId"/> was invalidated, replaced by a refresh, or has expired (local clock).</summary>
    internal bool IsKnownStale(string accessKeyId)
        => _entry is { } entry
           && (entry.Invalidated
               || !string.Equals(entry.Credentials.AccessKey, accessKeyId, StringComparison.Ordinal)
               || _time.GetUtcNow() >= entry.LocalExpiry);

    internal TimeSpan? TimeToExpiry() => _entry is { } entry ? entry.LocalExpiry - _time.GetUtcNow() : null;

    /// <summary>
    /// The hot-path test: two volatile reads, no lock, no allocation, no clock. The advisory boundary is a
    /// <see cref="TimeProvider"/> timer that sets <see cref="_advisoryReached"/>. A timer can be late (a starved thread
    /// pool) or fire long after the boundary (a suspended process counts no monotonic time); <see cref="LateTimerWatchdog"/>
    /// compares the wall clock once a second on its own thread and sets the flag itself, so a late timer costs at most
    /// about a second of cached answers, which are then still inside the advisory window (or, after a suspend past
    /// expiry, rejected once and recovered by the ExpiredToken retry handler through <see cref="Invalidate"/>).
    /// </summary>
    private bool IsFresh(CacheEntry entry) => !_advisoryReached && !entry.Invalidated;

    /// <summary>Called by <see cref="LateTimerWatchdog"/>: moves callers to the slow path when the window timer is late.</summary>
    internal void CheckLateTimer()
    {
        if (_advisoryReached || _entry is not { } entry)
        {
            return;
        }

        if (_time.GetUtcNow() >= entry.LocalAdvisoryStart)
        {
            _advisoryReached = true;
            CredentialsLog.LateTimer(_logger, _options.RoleArn);
        }
    }

    private ImmutableCredentials GetSlow()
    {
        // The sync path never starts the refresh on its own thread: see Decide(startInline: false).
        var decision = Decide(TimeSpan.Zero, startInline: false);
        if (decision.Credentials is { } credentials)
        {
            return credentials;
        }

        var outcome = decision.Wait!.GetAwaiter().GetResult();
        return Resolve(outcome, decision.Fallback, TimeSpan.Zero);
    }

    private Task<ImmutableCredentials> GetSlowAsync(TimeSpan minimumValidity, CancellationToken cancellationToken)
    {
        Decision decision;
        try
        {
            decision = Decide(minimumValidity, startInline: true);
        }
#pragma warning disable CA1031 // The exception is handed to the caller through the task, as an async method would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<ImmutableCredentials>(ex);
        }

        if (decision.Credentials is { } credentials)
        {
            return decision.Entry?.CompletedTask ?? Task.FromResult(credentials);
        }

        return WaitAsync(decision, minimumValidity, cancellationToken);
    }

    private async Task<ImmutableCredentials> WaitAsync(Decision decision, TimeSpan minimumValidity, CancellationToken cancellationToken)
    {
        var outcome = await WaitWithCancellation(decision.Wait!, cancellationToken).ConfigureAwait(false);
        return Resolve(outcome, decision.Fallback, minimumValidity);
    }

    private Decision Decide(TimeSpan minimumValidity, bool startInline)
    {
        var now = _time.GetUtcNow();
        ThrowIfDisposed();

        if (_nonRecoverable is { } failure && now < failure.Until)
        {
            failure.Error.Throw();
        }

        var entry = _entry;
        var remaining = entry is null ? TimeSpan.MinValue : entry.LocalExpiry - now;
        if (entry is { Invalidated: false } && now < entry.LocalAdvisoryStart && remaining > minimumValidity)
        {
            return new Decision(entry.Credentials, entry, null, null);
        }

        Trigger trigger;
        bool mustWait;
        if (entry is null)
        {
            (trigger, mustWait) = (Trigger.Initial, true);
        }
        else if (entry.Invalidated)
        {
            (trigger, mustWait) = (Trigger.Invalidated, true);
        }
        else if (remaining <= TimeSpan.Zero)
        {
            (trigger, mustWait) = (Trigger.Expired, true);
        }
        else if (remaining <= minimumValidity)
        {
            (trigger, mustWait) = (Trigger.MinimumValidity, true);
        }
        else if (remaining <= RefreshingRoleCredentialsDefaults.MandatoryWindow)
        {
            (trigger, mustWait) = (Trigger.Mandatory, true);
        }
        else
        {
            (trigger, mustWait) = (Trigger.Advisory, false);
        }

        if (entry is not null)
        {
            // Static stability: while backing off, serve what is cached, whatever the window (even after Invalidate).
            DateTimeOffset? backoffUntil;
            lock (_gate)
            {
                backoffUntil = _backoffUntil;
            }

            if (backoffUntil is { } until && now < until)
            {
                Interlocked.Increment(ref _rateLimitedCalls);
                CredentialsLog.InBackoff(_logger, _options.RoleArn, until);
                EnsureValidFor(entry, minimumValidity, now, null);
                return new Decision(entry.Credentials, entry, null, null);
            }
        }

        var refresh = StartOrJoin(trigger, startInline);
        if (!mustWait && !refresh.IsCompleted)
        {
            return new Decision(entry!.Credentials, entry, null, null);
        }

        if (refresh.IsCompleted)
        {
            var credentials = Resolve(refresh.Result, entry, minimumValidity);
            return new Decision(credentials, ReferenceEquals(_entry?.Credentials, credentials) ? _entry : null, null, null);
        }

        return new Decision(null, null, refresh, entry);
    }

    /// <summary>Turns a refresh outcome into the caller's answer: new credentials, the cached ones, or an exception.</summary>
    private ImmutableCredentials Resolve(RefreshOutcome outcome, CacheEntry? fallback, TimeSpan minimumValidity)
    {
        if (outcome.Entry is { } fresh)
        {
            EnsureValidFor(fresh, minimumValidity, _time.GetUtcNow(), null);
            return fresh.Credentials;
        }

        var error = outcome.Error!;
        if (outcome.NonRecoverable)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        var cached = _entry ?? fallback;
        if (cached is null)
        {
            throw new AmazonClientException(
                $"Could not get credentials for {_source.Description}: {StsErrorClassifier.Describe(error)}",
                error);
        }

        EnsureValidFor(cached, minimumValidity, _time.GetUtcNow(), error);
        return cached.Credentials;
    }

    private void EnsureValidFor(CacheEntry entry, TimeSpan minimumValidity, DateTimeOffset now, Exception? error)
    {
        if (minimumValidity > TimeSpan.Zero && entry.LocalExpiry - now < minimumValidity)
        {
            var reason = error is null
                ? "no fresher credentials can be had now (a refresh failed recently and is backing off, or the session duration is shorter)"
                : "the refresh failed: " + StsErrorClassifier.Describe(error);
            throw new AmazonClientException(
                FormattableString.Invariant($"Credentials for {_source.Description} valid for at least {minimumValidity} were asked for, but the best available expire at {entry.Expiration:o}: {reason}."),
                error);
        }
    }

    /// <summary>Single flight: returns the refresh in progress, or starts one.</summary>
    /// <param name="trigger">Why the refresh is needed (for logs and metrics).</param>
    /// <param name="startInline">
    /// <see langword="true"/> for asynchronous callers and timers: the refresh runs on the calling thread up to its first
    /// real wait, so a source that answers synchronously completes before the caller returns. <see langword="false"/> for
    /// synchronous callers: the refresh is queued to the thread pool with no synchronization context, so a caller that
    /// then blocks on it never blocks on work that needs its own thread.
    /// </param>
    private Task<RefreshOutcome> StartOrJoin(Trigger trigger, bool startInline)
    {
        TaskCompletionSource<RefreshOutcome> completion;
        lock (_gate)
        {
            if (_inflight is { } running)
            {
                return running;
            }

            ThrowIfDisposed();

            completion = new TaskCompletionSource<RefreshOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inflight = completion.Task;
        }

        if (startInline)
        {
            _ = RunRefreshAsync(trigger, completion);
        }
        else
        {
            _ = Task.Run(() => RunRefreshAsync(trigger, completion));
        }

        return completion.Task;
    }

    private async Task RunRefreshAsync(Trigger trigger, TaskCompletionSource<RefreshOutcome> completion)
    {
        var triggerName = TriggerName(trigger);
        using var activity = CredentialsTelemetry.ActivitySource.StartActivity("Sts.Resilience.RefreshCredentials", ActivityKind.Internal);
        activity?.SetTag("aws.iam.role_arn", _options.RoleArn);
        activity?.SetTag("sts_resilience.trigger", triggerName);
        var started = _time.GetTimestamp();
        RefreshOutcome outcome;
        try
        {
            SourceCredentials fetched;
            using (var timeout = CreateTimeoutSource())
            {
                fetched = await _source.FetchAsync(timeout.Token).ConfigureAwait(false);
            }

            outcome = Accept(fetched, trigger, triggerName, started);
        }
#pragma warning disable CA1031 // Every failure becomes an outcome; callers get it through Resolve.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = Fail(ex, _source.IsNonRecoverable(ex), triggerName);
        }

        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        var outcomeName = outcome.Entry is not null ? "success" : outcome.NonRecoverable ? "non_recoverable" : "failure";
        var tags = new TagList
        {
            { "outcome", outcomeName },
            { "trigger", triggerName },
            { "role", _options.RoleArn },
        };
        _telemetry.Refreshes.Add(1, tags);
        _telemetry.RefreshDuration.Record(seconds, tags);
        if (activity is not null)
        {
            activity.SetTag("sts_resilience.outcome", outcomeName);
            if (outcome.Error is { } error)
            {
                activity.SetStatus(ActivityStatusCode.Error, StsErrorClassifier.Describe(error));
            }
        }

        completion.SetResult(outcome);
    }

    private OwningTokenSource CreateTimeoutSource()
    {
        // Two STS timeouts: the SDK's own retries fit in one; the second is the hard stop for a hung call.
#if NET
        var timeout = new CancellationTokenSource(_options.StsTimeout + _options.StsTimeout, _time);
#else
        var timeout = _time.CreateCancellationTokenSource(_options.StsTimeout + _options.StsTimeout);
#endif
        var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposeCts.Token);
        return new OwningTokenSource(linked, timeout);
    }

    private RefreshOutcome Accept(SourceCredentials fetched, Trigger trigger, string triggerName, long started)
    {
        var now = _time.GetUtcNow();
        var serverNow = fetched.ServerTime ?? now;
        var credentials = fetched.Credentials;
        if (string.IsNullOrEmpty(credentials?.AccessKey) || string.IsNullOrEmpty(credentials!.SecretKey)
            || string.IsNullOrEmpty(credentials.Token))
        {
            return Fail(new AmazonClientException($"The credentials {_source.Description} returned are incomplete (an access key id, secret key or session token is missing)."), nonRecoverable: false, triggerName);
        }

        if (fetched.Expiration <= serverNow)
        {
            return Fail(new AmazonClientException(FormattableString.Invariant($"The credentials {_source.Description} returned had already expired ({fetched.Expiration:o}, server time {serverNow:o}).")), nonRecoverable: false, triggerName);
        }

        var skew = fetched.ServerTime is { } server ? server - now : _skew;
        var localExpiry = fetched.Expiration - skew;
        var lifetime = fetched.Expiration - serverNow;
        var window = _options.AdvisoryWindow ?? RefreshingRoleCredentialsDefaults.AdvisoryWindowFor(lifetime);
        var advisoryStart = localExpiry - window;
        var entry = new CacheEntry(credentials, fetched.Expiration, localExpiry, window, advisoryStart, invalidated: false);

        lock (_gate)
        {
            if (Math.Abs((skew - _skew).TotalSeconds) >= 60 && Math.Abs(skew.TotalSeconds) >= 60)
            {
                CredentialsLog.ClockSkew(_logger, _options.RoleArn, skew);
            }

            _skew = skew;
            _entry = entry;
            _backoffUntil = null;
            _nonRecoverable = null;
            _lastRefresh = now;
            _lastAttempt = now;
            _lastError = null;
            _refreshCount++;
            _inflight = null;
            ScheduleTimers(entry, now);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled above; the analyzer does not see through it.
            CredentialsLog.Refreshed(_logger, _options.RoleArn, TriggerName(trigger), CredentialsLog.Suffix(credentials.AccessKey), fetched.Expiration, window, (long)_time.GetElapsedTime(started).TotalMilliseconds);
#pragma warning restore CA1873
        }
        return new RefreshOutcome(entry, null, NonRecoverable: false);
    }

    private RefreshOutcome Fail(Exception error, bool nonRecoverable, string triggerName)
    {
        var now = _time.GetUtcNow();
        var description = StsErrorClassifier.Describe(error);
        lock (_gate)
        {
            _lastAttempt = now;
            _lastError = description;
            _inflight = null;
            if (nonRecoverable)
            {
                var until = now + _timings.NonRecoverableCache();
                _nonRecoverable = new CachedFailure(ExceptionDispatchInfo.Capture(error), until);
                CredentialsLog.NonRecoverable(_logger, _options.RoleArn, triggerName, description, until);
                if (_entry is not null)
                {
                    // Keep an idle process trying, but at the backoff's pace: the error will not go away in seconds.
                    ScheduleBackground(now + _timings.Backoff(), now);
                }
            }
            else if (_entry is { } cached)
            {
                var until = now + _timings.Backoff();
                _backoffUntil = until;
                CredentialsLog.RefreshFailed(_logger, _options.RoleArn, triggerName, description, cached.Expiration, until);
                ScheduleBackground(until, now);
            }
            else
            {
                CredentialsLog.InitialFetchFailed(_logger, _options.RoleArn, triggerName, description);
            }
        }

        return new RefreshOutcome(null, error, nonRecoverable);
    }

    /// <summary>Arms the advisory-boundary timer and the background refresh. Called under <see cref="_gate"/>.</summary>
    private void ScheduleTimers(CacheEntry entry, DateTimeOffset now)
    {
        _windowTimer?.Dispose();
        _windowTimer = null;
        if (_disposed)
        {
            // A refresh that finished after Dispose arms nothing.
            return;
        }

        var untilAdvisory = entry.LocalAdvisoryStart - now;
        if (untilAdvisory > TimeSpan.Zero)
        {
            _advisoryReached = false;
            _windowTimer = _time.CreateTimer(static state => ((RefreshingRoleCredentials)state!)._advisoryReached = true, this, untilAdvisory, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _advisoryReached = true;
        }

        // Jitter inside the first quarter of the room before the mandatory window, so a fleet started together spreads out.
        var room = entry.AdvisoryWindow - RefreshingRoleCredentialsDefaults.MandatoryWindow;
        var jitter = room > TimeSpan.Zero ? _timings.BackgroundJitter(TimeSpan.FromTicks(room.Ticks / 4)) : TimeSpan.Zero;
        ScheduleBackground(entry.LocalAdvisoryStart + jitter, now);
    }

    /// <summary>Arms the background refresh at <paramref name="due"/>. Called under <see cref="_gate"/>.</summary>
    private void ScheduleBackground(DateTimeOffset due, DateTimeOffset now)
    {
        _backgroundTimer?.Dispose();
        _backgroundTimer = null;
        if (!_options.BackgroundRefresh || _backgroundStopped || _disposed)
        {
            return;
        }

        var delay = due - now;
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        _backgroundTimer = _time.CreateTimer(static state => ((RefreshingRoleCredentials)state!).OnBackgroundTimer(), this, delay, Timeout.InfiniteTimeSpan);
        CredentialsLog.BackgroundScheduled(_logger, _options.RoleArn, due);
    }

    /// <summary>
    /// Stops the background refresh for good (a host shutting down) while the instance keeps answering callers, who
    /// refresh on demand from now on. Disposing does this too.
    /// </summary>
    internal void StopBackgroundRefresh()
    {
        lock (_gate)
        {
            _backgroundStopped = true;
            _backgroundTimer?.Dispose();
            _backgroundTimer = null;
        }
    }

    private void OnBackgroundTimer()
    {
        try
        {
            if (!_disposed && !Volatile.Read(ref _backgroundStopped))
            {
                _ = StartOrJoin(Trigger.Background, startInline: true);
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the start: nothing to refresh.
        }
    }

    private bool BeginDispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            _advisoryReached = true; // sends every call to the slow path, which throws ObjectDisposedException
            _windowTimer?.Dispose();
            _windowTimer = null;
            _backgroundTimer?.Dispose();
            _backgroundTimer = null;
        }

        _disposeCts.Cancel();
        _telemetry.Unregister(this);
        LateTimerWatchdog.Unwatch(this);
        return true;
    }

    private RefreshingRoleCredentialsStatus CreateStatus()
    {
        var now = _time.GetUtcNow();
        var entry = _entry;
        lock (_gate)
        {
            return new RefreshingRoleCredentialsStatus
            {
                RoleArn = _options.RoleArn,
                AccessKeyIdSuffix = entry is null ? null : CredentialsLog.Suffix(entry.Credentials.AccessKey),
                Expiration = entry?.Expiration,
                IsExpired = entry is not null && entry.LocalExpiry <= now,
                AdvisoryWindow = entry?.AdvisoryWindow,
                LastRefresh = _lastRefresh,
                LastAttempt = _lastAttempt,
                LastError = _lastError,
                BackoffUntil = _backoffUntil,
                InBackoff = _backoffUntil is { } until && now < until,
                ClockSkew = _skew,
                RefreshCount = _refreshCount,
                RateLimitedCalls = Interlocked.Read(ref _rateLimitedCalls),
            };
        }
    }

    private void ThrowIfDisposed()
    {
#if NET
        ObjectDisposedException.ThrowIf(_disposed, this);
#else
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(RefreshingRoleCredentials));
        }
#endif
    }

    private static string TriggerName(Trigger trigger) => trigger switch
    {
        Trigger.Initial => "initial",
        Trigger.Advisory => "advisory",
        Trigger.Mandatory => "mandatory",
        Trigger.Expired => "expired",
        Trigger.Invalidated => "invalidated",
        Trigger.MinimumValidity => "minimum_validity",
        _ => "background",
    };

    private static Task<T> WaitWithCancellation<T>(Task<T> task, CancellationToken cancellationToken)
    {
#if NET
        return task.WaitAsync(cancellationToken);
#else
        if (!cancellationToken.CanBeCanceled || task.IsCompleted)
        {
            return task;
        }

        return WaitSlow(task, cancellationToken);

        static async Task<T> WaitSlow(Task<T> task, CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }

            return await task.ConfigureAwait(false);
        }
#endif
    }

    private readonly record struct Decision(ImmutableCredentials? Credentials, CacheEntry? Entry, Task<RefreshOutcome>? Wait, CacheEntry? Fallback);

    private sealed record RefreshOutcome(CacheEntry? Entry, Exception? Error, bool NonRecoverable);

    private sealed record CachedFailure(ExceptionDispatchInfo Error, DateTimeOffset Until);

    private sealed class OwningTokenSource(CancellationTokenSource linked, CancellationTokenSource timeout) : IDisposable
    {
        public CancellationToken Token => linked.Token;

        public void Dispose()
        {
            linked.Dispose();
            timeout.Dispose();
        }
    }
}
