using System.Diagnostics;
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
        => StartOrJoin(trigger, startInline ? Launch.Inline : Launch.Pool, decidedAt: null)!;

    /// <summary>Single flight: returns the refresh in progress, or starts one the way <paramref name="launch"/> says.</summary>
    /// <param name="trigger">Why the refresh is needed.</param>
    /// <param name="launch">Where the refresh runs.</param>
    /// <param name="decidedAt">
    /// <see cref="_settled"/> as read before the caller read the entry it decided on, or <see langword="null"/> (the
    /// background timer). When a refresh has settled since, no refresh is started and <see langword="null"/> is
    /// returned: the caller decides again on what that refresh left (one invalidation, one refresh).
    /// </param>
    private Task<RefreshOutcome>? StartOrJoin(Trigger trigger, Launch launch, int? decidedAt)
    {
        TaskCompletionSource<RefreshOutcome> completion;
        lock (_gate)
        {
            if (_inflight is { } running)
            {
                return running;
            }

            if (decidedAt is { } settled && settled != _settled)
            {
                return null;
            }

            ThrowIfDisposed();

            completion = new TaskCompletionSource<RefreshOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inflight = completion.Task;
        }

        // The refresh is shared: it must not carry the triggering request's ExecutionContext (its activity, logging
        // scopes, HTTP context) into the timers it arms or the continuations it runs. Its span is a root with a link
        // to the caller's span instead (none for the background timer).
        var caller = trigger == Trigger.Background ? default : Activity.Current?.Context ?? default;
        using (SuppressFlow())
        {
            switch (launch)
            {
                case Launch.Inline:
                    _ = RunRefreshAsync(trigger, caller, completion, synchronous: false);
                    break;
                case Launch.Synchronous:
                    RunSynchronously(trigger, caller, completion);
                    break;
                default:
                    _ = Task.Run(() => RunRefreshAsync(trigger, caller, completion, synchronous: false));
                    break;
            }
        }

        return completion.Task;
    }

    /// <summary>Runs one refresh and hands its outcome to <paramref name="completion"/>, whatever happens.</summary>
    /// <param name="trigger">Why the refresh is needed.</param>
    /// <param name="caller">The span of the caller that triggered it, linked from the refresh's root span.</param>
    /// <param name="completion">Set last, in <see langword="finally"/>: every waiter gets an outcome.</param>
    /// <param name="synchronous">
    /// <see langword="true"/> to fetch with the source's synchronous I/O (<see cref="ISynchronousCredentialSource"/>): the
    /// method then completes before it returns, on the calling thread.
    /// </param>
    private async Task RunRefreshAsync(Trigger trigger, ActivityContext caller, TaskCompletionSource<RefreshOutcome> completion, bool synchronous)
    {
        RefreshOutcome? outcome = null;
        Activity? activity = null;
        try
        {
            var triggerName = TriggerName(trigger);
            Activity.Current = null; // local to this method: the refresh span is a root
            ActivityLink[]? links = caller == default ? null : [new ActivityLink(caller)];
            activity = CredentialsTelemetry.ActivitySource.StartActivity("Sts.Resilience.RefreshCredentials", ActivityKind.Internal, parentContext: default, links: links);
            activity?.SetTag(TelemetryTags.RoleArn, _name);
            activity?.SetTag(TelemetryTags.Trigger, triggerName);
            var started = _time.GetTimestamp();

            // Skew is measured from the send time: the server stamped its Date somewhere between send and receipt, so
            // the send time makes the session end sooner in the local clock, never later.
            var sentAt = _clock.LocalNow();
            try
            {
                SourceCredentials fetched;
                (fetched, sentAt) = await FetchAsync(sentAt, synchronous).ConfigureAwait(false);
                outcome = Accept(fetched, trigger, sentAt, started);
            }
#pragma warning disable CA1031 // Every failure becomes an outcome; callers get it through Resolve.
            catch (Exception ex) when (outcome is null)
#pragma warning restore CA1031
            {
                outcome = Fail(ex, _source.IsNonRecoverable(ex), triggerName);
            }

            Record(outcome, triggerName, started, activity);
        }
#pragma warning disable CA1031 // Side code (a logger, a meter listener) must not keep waiting callers from their answer.
        catch (Exception ex) when (outcome is not null)
#pragma warning restore CA1031
        {
            SafeLog(ex, static (logger, name, error) => CredentialsLog.CompletionFailed(logger, name, error));
        }
        finally
        {
            activity?.Dispose();
            if (outcome is null)
            {
                // Only reached when Fail itself threw: release the waiters with a failure and allow the next attempt.
                lock (_gate)
                {
                    _inflight = null;
                    _settled++;
                }

                outcome = new RefreshOutcome(null, new AmazonClientException($"The refresh of {_source.Description} failed unexpectedly."), NonRecoverable: false);
            }

            completion.TrySetResult(outcome);
        }
    }

    private void Record(RefreshOutcome outcome, string triggerName, long started, Activity? activity)
    {
        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        var outcomeName = outcome.Entry is not null ? "success" : outcome.NonRecoverable ? "non_recoverable" : "failure";
        var tags = new TagList
        {
            { TelemetryTags.Outcome, outcomeName },
            { TelemetryTags.Trigger, triggerName },
            { TelemetryTags.RoleArn, _name },
        };
        if (outcome.Error is { } failed)
        {
            tags.Add(TelemetryTags.ErrorType, TelemetryTags.ErrorTypeOf(failed));
        }

        _telemetry.Refreshes.Add(1, tags);
        _telemetry.RefreshDuration.Record(seconds, tags);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.Outcome, outcomeName);
            if (outcome.Error is { } error)
            {
                activity.SetTag(TelemetryTags.ErrorType, TelemetryTags.ErrorTypeOf(error));
                activity.SetStatus(ActivityStatusCode.Error, StsErrorClassifier.Describe(error));
            }
        }
    }

    /// <summary>Logs through a logger that may throw: the state is already recorded, and a logger must not undo it.</summary>
    private void SafeLog<TState>(TState state, Action<ILogger, string, TState> log)
    {
        try
        {
            log(_logger, _name, state);
        }
#pragma warning disable CA1031 // A throwing logger is reported nowhere: it is the thing that is broken.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private OwningTokenSource CreateTimeoutSource()
    {
        // Two fetch timeouts: the source's own retries fit in one; the second is the hard stop for a hung call.
#if NET
        var timeout = new CancellationTokenSource(_fetchTimeout + _fetchTimeout, _time);
#else
        var timeout = _time.CreateCancellationTokenSource(_fetchTimeout + _fetchTimeout);
#endif
        var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposeCts.Token);
        return new OwningTokenSource(linked, timeout);
    }

    private RefreshOutcome Accept(SourceCredentials fetched, Trigger trigger, DateTimeOffset sentAt, long started)
    {
        var now = _clock.LocalNow();
        var credentials = fetched.Credentials;
        if (string.IsNullOrEmpty(credentials?.AccessKey) || string.IsNullOrEmpty(credentials!.SecretKey)
            || (_requireSessionToken && string.IsNullOrEmpty(credentials.Token)))
        {
            return Fail(new AmazonClientException($"The credentials {_source.Description} returned are incomplete (an access key id, secret key or session token is missing)."), nonRecoverable: false, TriggerName(trigger));
        }

        TimeSpan skew;
        TimeSpan previousSkew;
        lock (_gate)
        {
            previousSkew = _clock.Skew;
        }

        var ignoredSkew = false;
        if (fetched.ServerTime is { } server)
        {
            skew = server - sentAt;
            if (skew.Duration() > MaxClockSkew)
            {
                ignoredSkew = true;
                skew = previousSkew;
            }
        }
        else
        {
            skew = previousSkew;
        }

        var serverNow = now + skew;
        if (fetched.Expiration <= serverNow)
        {
            return Fail(new AmazonClientException(FormattableString.Invariant($"The credentials {_source.Description} returned had already expired ({fetched.Expiration:o}, server time {serverNow:o}).")), nonRecoverable: false, TriggerName(trigger));
        }

        var localExpiry = fetched.Expiration - skew;
        var lifetime = fetched.Expiration - serverNow;

        // A configured window is at most half the lifetime: one as long as the session STS actually issued would put the
        // advisory start in the past at once and refresh in a loop. The table's window is kept as the conformance
        // vectors fix it (15 min for a 20.5-min session) while it leaves a quarter of the lifetime; below that, half.
        var window = _advisoryWindowOption ?? RefreshingRoleCredentialsDefaults.AdvisoryWindowFor(lifetime);
        var half = TimeSpan.FromTicks(lifetime.Ticks / 2);
        var threeQuarters = TimeSpan.FromTicks(lifetime.Ticks * 3 / 4);
        if (window > half && (_advisoryWindowOption is not null || window > threeQuarters))
        {
            window = half;
        }

        var advisoryStart = localExpiry - window;
        var entry = new CacheEntry(credentials, fetched.Expiration, localExpiry, lifetime, window, advisoryStart, invalidated: false);
        if (lifetime <= RefreshingRoleCredentialsDefaults.MandatoryWindow)
        {
            // Both windows are open from the start: the advisory start may not fall after the mandatory one.
            var stale = new CacheEntry(credentials, fetched.Expiration, localExpiry, lifetime, lifetime, localExpiry - lifetime, invalidated: false);
            return AcceptStale(stale, skew, TriggerName(trigger), now);
        }

        lock (_gate)
        {
            _clock.Skew = skew;
            _entry = entry;
            _backoffUntil = null;
            _expiredRetryAt = null;
            _fastFailures = 0;
            _nonRecoverable = null;
            _lastRefresh = now;
            _lastAttempt = now;
            _lastError = null;
            _refreshCount++;
            _inflight = null;
            _settled++;
            ScheduleTimers(entry, now);
        }

        if (ignoredSkew)
        {
            SafeLog(fetched.ServerTime!.Value - sentAt, static (logger, name, s) => CredentialsLog.ClockSkewIgnored(logger, name, s, MaxClockSkew));
        }
        else if (Math.Abs((skew - previousSkew).TotalSeconds) >= 60 && Math.Abs(skew.TotalSeconds) >= 60)
        {
            SafeLog(skew, static (logger, name, s) => CredentialsLog.ClockSkew(logger, name, s));
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            SafeLog((TriggerName(trigger), CredentialsLog.Suffix(credentials.AccessKey), fetched.Expiration, window, elapsed), static (logger, name, s) =>
                CredentialsLog.Refreshed(logger, name, s.Item1, s.Item2, s.Expiration, s.window, s.elapsed));
        }

        return new RefreshOutcome(entry, null, NonRecoverable: false);
    }

    private RefreshOutcome Fail(Exception error, bool nonRecoverable, string triggerName)
    {
        var now = _clock.LocalNow();
        var description = StsErrorClassifier.Describe(error);
        DateTimeOffset? until = null;
        CacheEntry? cached;
        lock (_gate)
        {
            _lastAttempt = now;
            _lastError = description;
            _inflight = null;
            _settled++;
            cached = _entry;
            if (nonRecoverable)
            {
                until = now + _timings.NonRecoverableCache();
                _nonRecoverable = new CachedFailure(error, until.Value);
                if (cached is not null)
                {
                    // Keep an idle process trying, at the pace of a failed refresh: the error will not go away in seconds.
                    ScheduleBackground(NextAttempt(cached, now), now);
                }
            }
            else if (cached is not null)
            {
                until = NextAttempt(cached, now);
                _backoffUntil = until;
                _expiredRetryAt = now + _timings.ExpiredRetry();
                ScheduleBackground(until.Value, now);
            }
        }

        if (nonRecoverable)
        {
            SafeLog((triggerName, description, _clock.ToWall(until!.Value)), static (logger, name, s) => CredentialsLog.NonRecoverable(logger, name, s.triggerName, s.description, s.Item3));
        }
        else if (cached is not null)
        {
            SafeLog((triggerName, description, cached.Expiration, _clock.ToWall(until!.Value)), static (logger, name, s) => CredentialsLog.RefreshFailed(logger, name, s.triggerName, s.description, s.Expiration, s.Item4));
        }
        else
        {
            SafeLog((triggerName, description), static (logger, name, s) => CredentialsLog.InitialFetchFailed(logger, name, s.triggerName, s.description));
        }

        return new RefreshOutcome(null, error, nonRecoverable);
    }

    /// <summary>
    /// When to contact the source again after a failure. While the session has more than the mandatory window left,
    /// the static-stability backoff (300–600 s), but never past the start of the mandatory window; inside it, after
    /// expiry or after an invalidation, about 1 s doubling to about 30 s, so a session that is dead or about to be is
    /// replaced soon after the source answers again. Called under <see cref="_gate"/>.
    /// </summary>
    private DateTimeOffset NextAttempt(CacheEntry cached, DateTimeOffset now)
    {
        var mandatoryStart = cached.LocalMandatoryStart;
        if (!cached.Invalidated && now < mandatoryStart)
        {
            _fastFailures = 0;
            var slow = now + _timings.Backoff();
            return slow < mandatoryStart ? slow : mandatoryStart;
        }

        _fastFailures++;
        return now + _timings.FastBackoff(_fastFailures);
    }
}
