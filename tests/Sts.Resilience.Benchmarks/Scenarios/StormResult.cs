namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// One storm of callers: their waits (sorted), how many failed, when they were released (wall clock), and when each
/// was answered (milliseconds after the release, in order) and whether it failed.
/// </summary>
internal sealed record StormResult(TimeSpan[] Waits, int Failed, DateTimeOffset Released, (double Milliseconds, bool Failed)[] Answers);
