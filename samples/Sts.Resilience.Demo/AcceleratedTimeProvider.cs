using System.Diagnostics;

namespace Sts.Resilience.Demo;

/// <summary>
/// A clock that runs <see cref="Factor"/> times faster than the wall clock, with timers that fire on its time.
/// Shared by LocalSts (sessions, outages) and the credentials (windows, back-off, timers), so the library's real
/// windows apply while an hour passes in seconds. It stands still until <see cref="Start"/>, so warm-up work
/// (JIT, the first connection) costs no session time.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<AcceleratedTimer> _waiting = [];
    private long _startTimestamp;

    /// <summary>Creates a clock that reads <paramref name="origin"/> until it is started.</summary>
    public AcceleratedTimeProvider(DateTimeOffset origin, double factor)
    {
        if (!(factor >= 1) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be a finite number of at least 1.");
        }

        Origin = origin;
        Factor = factor;
    }

    /// <summary>Gets the time the clock reads when started.</summary>
    public DateTimeOffset Origin { get; }

    /// <summary>Gets how many simulated seconds pass per wall-clock second.</summary>
    public double Factor { get; }

    /// <summary>Gets a value indicating whether the clock runs.</summary>
    public bool IsRunning => Volatile.Read(ref _startTimestamp) != 0;

    /// <summary>Gets the simulated time since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            var start = Volatile.Read(ref _startTimestamp);
            return start == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(Stopwatch.GetElapsedTime(start).Ticks * Factor));
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Origin + Elapsed;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => Elapsed.Ticks;

    /// <summary>Converts a simulated duration to wall-clock time.</summary>
    public TimeSpan ToWallClock(TimeSpan simulated) => TimeSpan.FromTicks((long)(simulated.Ticks / Factor));

    /// <summary>Starts the clock and every timer created while it stood still.</summary>
    public void Start()
    {
        List<AcceleratedTimer> waiting;
        lock (_gate)
        {
            if (IsRunning)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            Volatile.Write(ref _startTimestamp, now == 0 ? 1 : now);
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var timer in waiting)
        {
            timer.Arm();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new AcceleratedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private bool TryPark(AcceleratedTimer timer)
    {
        lock (_gate)
        {
            if (IsRunning)
            {
                return false;
            }

            if (!_waiting.Contains(timer))
            {
                _waiting.Add(timer);
            }

            return true;
        }
    }

    /// <summary>A wall-clock timer armed for the remaining simulated time divided by the factor.</summary>
    private sealed class AcceleratedTimer : ITimer
    {
        private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);
        private readonly AcceleratedTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly Timer _real;
        private readonly object _gate = new();
        private TimeSpan? _due;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public AcceleratedTimer(AcceleratedTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            _real = new Timer(static s => ((AcceleratedTimer)s!).OnWallClockTimer(), this, Timeout.Infinite, Timeout.Infinite);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    _due = null;
                    _real.Change(Timeout.Infinite, Timeout.Infinite);
                    return true;
                }

                _due = _owner.Elapsed + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }

            Arm();
            return true;
        }

        public void Arm()
        {
            lock (_gate)
            {
                if (_disposed || _due is not { } due || _owner.TryPark(this))
                {
                    return;
                }

                var remaining = due - _owner.Elapsed;
                _real.Change(remaining <= TimeSpan.Zero ? TimeSpan.Zero : _owner.ToWallClock(remaining), Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _due = null;
                _real.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void OnWallClockTimer()
        {
            lock (_gate)
            {
                if (_disposed || _due is not { } due)
                {
                    return;
                }

                var remaining = _owner.ToWallClock(due - _owner.Elapsed);
                if (remaining > Tolerance)
                {
                    // The wall-clock timer fired early (its resolution is coarser than a simulated second): wait the rest.
                    _real.Change(remaining, Timeout.InfiniteTimeSpan);
                    return;
                }

                _due = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan ? due + _period : null;
            }

            _callback(_state);
            Arm();
        }
    }
}
