namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>One fleet run of scenario 6: refreshes in total, the busiest second, seconds with any refresh, and refreshes per second (by second after the start).</summary>
internal sealed record FleetRun(long Total, long Peak, int BusySeconds, IReadOnlyDictionary<long, long> PerSecond);
