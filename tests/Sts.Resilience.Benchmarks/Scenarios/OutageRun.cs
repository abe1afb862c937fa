namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// One run of scenario 4: its table row, and for the chart the AssumeRole arrival times (minutes of fake time after the
/// outage began; <see langword="null"/> when not measured), calls made, calls failed, unobserved task exceptions and
/// the minutes of outage measured.
/// </summary>
internal sealed record OutageRun(string[] Row, double[]? RequestMinutes, int Calls, int Failed, int Unobserved, double Minutes);
