namespace Sts.Resilience.Demo;

/// <summary>
/// The application's clock in a soak: STS's clock plus an offset that a fault can change at once (an NTP step, a
/// wrong clock corrected). Timers and timestamps are the inner clock's, as the monotonic clock does not jump.
/// </summary>
internal sealed class SkewedTimeProvider(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Gets or sets how far this clock is from STS's.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
