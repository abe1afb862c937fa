using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>The timers: the advisory-boundary timer, the background refresh, and stopping both.</summary>
internal sealed partial class RefreshEngine
{
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
            _fresh = entry;
            _windowTimer = CreateTimer(static state => ((WindowTimerState)state!).Fire(), new WindowTimerState(this, entry), untilAdvisory);
        }
        else
        {
            _fresh = null;
        }

        // Jitter inside the first quarter of the room before the mandatory window, so a fleet started together spreads
        // out; never sooner than a quarter of the lifetime, so a window as long as the session cannot loop.
        var room = entry.AdvisoryWindow - RefreshingRoleCredentialsDefaults.MandatoryWindow;
        var jitter = room > TimeSpan.Zero ? _timings.BackgroundJitter(TimeSpan.FromTicks(room.Ticks / 4)) : TimeSpan.Zero;
        var due = entry.LocalAdvisoryStart + jitter;
        var floor = now + TimeSpan.FromTicks(entry.Lifetime.Ticks / 4);
        ScheduleBackground(due > floor ? due : floor, now);
    }

    /// <summary>
    /// Creates a timer that does not capture the caller's <see cref="ExecutionContext"/>: a refresh runs inside some
    /// request, and its <c>AsyncLocal</c> state (the current activity, logging scopes, the HTTP context) must not live
    /// on in a timer for the next hour.
    /// </summary>
    private ITimer CreateTimer(TimerCallback callback, object state, TimeSpan due)
    {
        using (SuppressFlow())
        {
            return _time.CreateTimer(callback, state, due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Suppresses the flow of the ExecutionContext unless it already is (suppressing twice throws).</summary>
    private static AsyncFlowControl? SuppressFlow() => ExecutionContext.IsFlowSuppressed() ? null : ExecutionContext.SuppressFlow();

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

        _backgroundTimer = CreateTimer(static state => ((RefreshEngine)state!).OnBackgroundTimer(), this, delay);
        SafeLog(_clock.ToWall(due), static (logger, name, d) => CredentialsLog.BackgroundScheduled(logger, name, d));
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
            _fresh = null; // sends every call to the slow path, which throws ObjectDisposedException
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

    /// <summary>The advisory-boundary timer's state: it clears the hot path only for the entry it was armed for.</summary>
    private sealed class WindowTimerState(RefreshEngine engine, CacheEntry entry)
    {
        public void Fire() => Interlocked.CompareExchange(ref engine._fresh, null, entry);
    }
}
