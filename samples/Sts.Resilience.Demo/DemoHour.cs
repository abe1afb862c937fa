namespace Sts.Resilience.Demo;

/// <summary>One line of the summary's timeline: an hour of (simulated) time and what happened in it.</summary>
/// <param name="From">The start of the hour, since the start of the run.</param>
/// <param name="To">The end of the hour, or of the run when it ended sooner.</param>
/// <param name="Calls">Workload calls made (succeeded and failed).</param>
/// <param name="Failed">Workload calls that failed.</param>
/// <param name="Refreshes">Refresh attempts of the credentials (every trigger and outcome, from the library's metrics).</param>
/// <param name="Faults">The faults injected in the hour, with their times.</param>
public sealed record DemoHour(TimeSpan From, TimeSpan To, long Calls, long Failed, long Refreshes, IReadOnlyList<string> Faults);
