using Amazon.Runtime;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>The caller's side: whether a call is answered from the cache, starts or joins the refresh, or waits for it, and what it gets.</summary>
internal sealed partial class RefreshEngine
{
    private ImmutableCredentials GetSlow()
    {
        // A sync caller that must wait runs the refresh on its own thread when the source has synchronous I/O
        // (RunSynchronously); otherwise the refresh is queued to the pool: see Decide(startInline: false).
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
        // Read before the entry: a refresh that settles after this read makes StartOrJoin send this caller back here.
        var settled = Volatile.Read(ref _settled);
        var now = _clock.LocalNow();
        ThrowIfDisposed();

        if (_nonRecoverable is { } failure && now < failure.Until)
        {
            CallerException.Throw(failure.Error);
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
            // Once the session is expired or invalidated, a caller may try again soon after the last failed attempt
            // (ExpiredRetry, 1–2 s) however long the fast backoff has grown: recovery within about 2 s of the source's
            // return, still one flight at a time and paced by the callers' demand.
            DateTimeOffset? backoffUntil;
            lock (_gate)
            {
                backoffUntil = _backoffUntil;
                if (backoffUntil is { } until0 && (entry.Invalidated || remaining <= TimeSpan.Zero)
                    && _expiredRetryAt is { } soon && soon < until0)
                {
                    backoffUntil = soon;
                }
            }

            if (backoffUntil is { } until && now < until)
            {
                Interlocked.Increment(ref _rateLimitedCalls);
                if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
                {
#pragma warning disable CA1873 // Guarded by IsEnabled above; the analyzer does not see through it.
                    CredentialsLog.InBackoff(_logger, _name, until + (_time.GetUtcNow() - now)); // shown in wall time
#pragma warning restore CA1873
                }
                EnsureValidFor(entry, minimumValidity, now, null);
                return new Decision(entry.Credentials, entry, null, null);
            }
        }

        var refresh = StartOrJoin(trigger, LaunchFor(startInline, mustWait), settled);
        if (refresh is null)
        {
            // A refresh settled after this decision read the entry: decide again on the session (or the backoff) it left.
            return Decide(minimumValidity, startInline);
        }

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
            EnsureValidFor(fresh, minimumValidity, _clock.LocalNow(), null);
            return fresh.Credentials;
        }

        var error = outcome.Error!;
        if (outcome.NonRecoverable)
        {
            CallerException.Throw(error);
        }

        var cached = _entry ?? fallback;
        if (cached is null)
        {
            throw new AmazonClientException(
                $"Could not get credentials for {_source.Description}: {StsErrorClassifier.Describe(error)}",
                error);
        }

        EnsureValidFor(cached, minimumValidity, _clock.LocalNow(), error);
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

    private readonly record struct Decision(ImmutableCredentials? Credentials, CacheEntry? Entry, Task<RefreshOutcome>? Wait, CacheEntry? Fallback);

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
}
