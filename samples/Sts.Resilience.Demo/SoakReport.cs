namespace Sts.Resilience.Demo;

/// <summary>One memory sample of a soak, taken every ten minutes of session time.</summary>
/// <param name="At">Session time since the start.</param>
/// <param name="HeapBytes">The managed heap after a full collection (what the run keeps alive).</param>
/// <param name="WorkingSetBytes">The process's working set.</param>
public sealed record MemorySample(TimeSpan At, long HeapBytes, long WorkingSetBytes);

/// <summary>What a soak measured beyond the demo's summary: its seed and plan, STS calls per session, memory over the run.</summary>
public sealed class SoakReport
{
    /// <summary>Gets the seed the fault plan was drawn from.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the fault plan.</summary>
    public IReadOnlyList<SoakFault> Plan { get; init; } = [];

    /// <summary>Gets the memory samples, in order.</summary>
    public IReadOnlyList<MemorySample> Memory { get; init; } = [];

    /// <summary>Gets the STS calls (AssumeRole, every outcome) the library made in each hour of session time.</summary>
    public IReadOnlyList<long> StsCallsByHour { get; init; } = [];

    /// <summary>Gets the mean of <paramref name="select"/> over the first or last quarter of the samples, in MiB.</summary>
    public double QuarterMeanMiB(bool last, Func<MemorySample, long> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        var quarter = Quarter(last);
        return quarter.Count == 0 ? 0 : quarter.Average(s => select(s)) / (1024.0 * 1024.0);
    }

    /// <summary>Gets the largest <paramref name="select"/> over the first or last quarter of the samples, in MiB.</summary>
    public double QuarterMaxMiB(bool last, Func<MemorySample, long> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        var quarter = Quarter(last);
        return quarter.Count == 0 ? 0 : quarter.Max(s => select(s)) / (1024.0 * 1024.0);
    }

    private List<MemorySample> Quarter(bool last)
    {
        var size = Math.Max(1, Memory.Count / 4);
        return (last ? Memory.Skip(Math.Max(0, Memory.Count - size)) : Memory.Take(size)).ToList();
    }
}
