namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>What the storm chart draws of one run: the callers' answers and the AssumeRole requests' arrival times (ms after the release).</summary>
internal sealed record StormTimeline(bool Sdk, StormResult Result, double[] RequestMilliseconds);
