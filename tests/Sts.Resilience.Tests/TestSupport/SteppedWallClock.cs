namespace Sts.Resilience.Tests.TestSupport;

/// <summary>
/// An application's clock whose wall time and monotonic time can diverge, as a real machine's do when NTP steps the
/// clock: the wall time is another clock's plus an <see cref="Offset"/> that can change at once (in either direction),
/// while timestamps and timers stay the other clock's. <c>FakeTimeProvider</c> cannot do this: its
/// <c>GetTimestamp</c> is its wall time's ticks, and it refuses to go back.
/// </summary>
internal sealed class SteppedWallClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Gets or sets how far the wall time is from the inner clock's (a step changes it at once).</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
