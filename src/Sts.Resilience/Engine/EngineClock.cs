namespace Sts.Resilience.Engine;

/// <summary>
/// The engine's one notion of "now" (issue 13, defect 8). <see cref="LocalNow"/> runs on the monotonic clock
/// (<see cref="TimeProvider.GetTimestamp"/>) from the wall time at creation, so a wall-clock correction (an NTP step,
/// a wrong clock set right) cannot move a session's deadline: every instant the engine keeps (expiry, windows, backoff)
/// is on this clock, and a session's expiry on it is the send time of the request plus the lifetime STS gave
/// (<c>Expiration</c> minus STS's own <c>Date</c>). It follows the wall clock forward only, never back: on Linux and
/// macOS the monotonic clock stops while the machine sleeps, and a wall clock that ran on while the process was
/// suspended must still age the session (the conservative side: a forward correction at worst refreshes early).
/// <see cref="StsNow"/> adds the skew last measured against STS: the time the CLI-cache reader and the stale checks use.
/// </summary>
internal sealed class EngineClock
{
    private readonly long _originTimestamp;
    private readonly DateTimeOffset _originWall;
    private long _leadTicks;
    private long _skewTicks;

    /// <summary>Initializes a new instance of the <see cref="EngineClock"/> class, starting at <paramref name="time"/>'s wall time.</summary>
    /// <param name="time">The wall clock, the monotonic timestamps and the timers.</param>
    public EngineClock(TimeProvider time)
    {
        Time = time;
        _originTimestamp = time.GetTimestamp();
        _originWall = time.GetUtcNow();
        Sts = new StsTimeProvider(this);
    }

    /// <summary>Gets the clock the engine was given: timers, timestamps, and the wall time for display.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets a <see cref="TimeProvider"/> whose <see cref="TimeProvider.GetUtcNow"/> is <see cref="StsNow"/> (timers and timestamps are <see cref="Time"/>'s).</summary>
    public TimeProvider Sts { get; }

    /// <summary>Gets or sets STS's clock minus <see cref="LocalNow"/>, as last measured (zero before STS has answered).</summary>
    public TimeSpan Skew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _skewTicks));
        set => Interlocked.Exchange(ref _skewTicks, value.Ticks);
    }

    /// <summary>Gets the engine's local time: monotonic since creation, moved forward (never back) to the wall clock when that is ahead.</summary>
    /// <returns>The engine's now; never earlier than a value returned before.</returns>
    public DateTimeOffset LocalNow()
    {
        var steady = _originWall + Time.GetElapsedTime(_originTimestamp);
        var wallLead = (Time.GetUtcNow() - steady).Ticks;
        var lead = Interlocked.Read(ref _leadTicks);
        while (wallLead > lead)
        {
            var seen = Interlocked.CompareExchange(ref _leadTicks, wallLead, lead);
            if (seen == lead)
            {
                lead = wallLead;
                break;
            }

            lead = seen;
        }

        return steady + TimeSpan.FromTicks(lead);
    }

    /// <summary>Gets the engine's estimate of STS's clock now: <see cref="LocalNow"/> plus <see cref="Skew"/>.</summary>
    /// <returns>STS's now as the engine judges it.</returns>
    public DateTimeOffset StsNow() => LocalNow() + Skew;

    /// <summary>Converts an instant on the engine's local clock to the wall clock, for display (status, logs, <c>Expiration</c>).</summary>
    /// <param name="local">An instant on <see cref="LocalNow"/>'s clock.</param>
    /// <returns>The same instant read on the wall clock now.</returns>
    public DateTimeOffset ToWall(DateTimeOffset local) => local + (Time.GetUtcNow() - LocalNow());

    /// <summary>The engine's STS time as a <see cref="TimeProvider"/>, for code that takes one (the CLI cache).</summary>
    private sealed class StsTimeProvider(EngineClock clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.StsNow();

        public override long GetTimestamp() => clock.Time.GetTimestamp();

        public override long TimestampFrequency => clock.Time.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => clock.Time.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.Time.CreateTimer(callback, state, dueTime, period);
    }
}
