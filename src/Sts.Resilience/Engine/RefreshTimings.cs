namespace Sts.Resilience.Engine;

/// <summary>The random durations of the refresh engine, replaceable so tests and the conformance vectors can fix them.</summary>
internal sealed class RefreshTimings
{
#if !NET
    private static readonly Random SharedRandom = new();
#endif

    private const double MaxFastBackoffSeconds = 30;

    public static RefreshTimings Default { get; } = new();

    /// <summary>Gets how long to wait after a failed refresh before contacting the source again: random 300–600 s.</summary>
    public Func<TimeSpan> Backoff { get; init; } = () => TimeSpan.FromSeconds(300 + (NextDouble() * 300));

    /// <summary>
    /// Gets how long to wait after the <c>n</c>-th failed refresh in a row inside the mandatory window (or after expiry,
    /// or after an invalidation): about 1 s doubling to about 30 s, jittered to between half and all of it.
    /// </summary>
    public Func<int, TimeSpan> FastBackoff { get; init; } = failures =>
    {
        var seconds = Math.Min(MaxFastBackoffSeconds, Math.Pow(2, Math.Min(failures, 16) - 1));
        return TimeSpan.FromSeconds(seconds * (0.5 + (NextDouble() * 0.5)));
    };

    /// <summary>
    /// Gets how soon after a failed attempt a caller that finds the cached session expired (or invalidated) may try
    /// again, however far the fast backoff has grown: random 1–2 s. Only callers: the background refresh of an idle
    /// process keeps to the fast backoff, so a process nobody asks for credentials does not poll a down STS every second.
    /// </summary>
    public Func<TimeSpan> ExpiredRetry { get; init; } = () => TimeSpan.FromSeconds(1 + NextDouble());

    /// <summary>Gets how long a non-recoverable error is rethrown without contacting the source: random 1–5 s.</summary>
    public Func<TimeSpan> NonRecoverableCache { get; init; } = () => TimeSpan.FromSeconds(1 + (NextDouble() * 4));

    /// <summary>Gets the delay after the start of the advisory window before the background refresh, given the room there is.</summary>
    public Func<TimeSpan, TimeSpan> BackgroundJitter { get; init; } = room => TimeSpan.FromTicks((long)(room.Ticks * NextDouble()));

    private static double NextDouble()
    {
#if NET
        return Random.Shared.NextDouble();
#else
        lock (SharedRandom)
        {
            return SharedRandom.NextDouble();
        }
#endif
    }
}
