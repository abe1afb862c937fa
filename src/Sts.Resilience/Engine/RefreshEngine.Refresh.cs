using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>The refresh itself: single flight, accepting or failing an outcome, timers, disposal and status.</summary>
internal sealed partial class RefreshEngine
{
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
        activity?.SetTag("aws.iam.role_arn", _name);
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
            { "role", _name },
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
        var timeout = new CancellationTokenSource(_fetchTimeout + _fetchTimeout, _time);
#else
        var timeout = _time.CreateCancellationTokenSource(_fetchTimeout + _fetchTimeout);
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
        var window = _advisoryWindowOption ?? RefreshingRoleCredentialsDefaults.AdvisoryWindowFor(lifetime);
        var advisoryStart = localExpiry - window;
        var entry = new CacheEntry(credentials, fetched.Expiration, localExpiry, window, advisoryStart, invalidated: false);

        lock (_gate)
        {
            if (Math.Abs((skew - _skew).TotalSeconds) >= 60 && Math.Abs(skew.TotalSeconds) >= 60)
            {
                CredentialsLog.ClockSkew(_logger, _name, skew);
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
            CredentialsLog.Refreshed(_logger, _name, TriggerName(trigger), CredentialsLog.Suffix(credentials.AccessKey), fetched.Expiration, window, (long)_time.GetElapsedTime(started).TotalMilliseconds);
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
                CredentialsLog.NonRecoverable(_logger, _name, triggerName, description, until);
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
                CredentialsLog.RefreshFailed(_logger, _name, triggerName, description, cached.Expiration, until);
                ScheduleBackground(until, now);
            }
            else
            {
                CredentialsLog.InitialFetchFailed(_logger, _name, triggerName, description);
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
            _windowTimer = _time.CreateTimer(static state => ((RefreshEngine)state!)._advisoryReached = true, this, untilAdvisory, Timeout.InfiniteTimeSpan);
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
        if (!_backgroundRefresh || _backgroundStopped || _disposed)
        {
            return;
        }

        var delay = due - now;
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        _backgroundTimer = _time.CreateTimer(static state => ((RefreshEngine)state!).OnBackgroundTimer(), this, delay, Timeout.InfiniteTimeSpan);
        CredentialsLog.BackgroundScheduled(_logger, _name, due);
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

    /// <summary>Marks the engine disposed and stops its timers.</summary>
    /// <returns><see langword="false"/> when it already was.</returns>
    internal bool BeginDispose()
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
                RoleArn = _name,
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
        ObjectDisposedException.ThrowIf(_disposed, _ownerType);
#else
        if (_disposed)
        {
            throw new ObjectDisposedException(_ownerType.Name);
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
