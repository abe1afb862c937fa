using System.Globalization;

namespace Sts.Resilience.Demo;

/// <summary>The summary table at the end of a run.</summary>
public static partial class DemoRunner
{
    private static void WriteSummary(TextWriter output, DemoSummary summary, RequestLedger ledger)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("mode", summary.Mode switch
            {
                DemoMode.Naive => "naive: SessionAWSCredentials from one AssumeRole",
                DemoMode.Aws => "real AWS: RefreshingRoleCredentials + retry handler",
                _ => $"resilient: {SourceTypeName(summary.Source)} + retry handler",
            }),
            ("time", summary.Mode == DemoMode.Aws
                ? Invariant($"{summary.WallClock.TotalSeconds:0} s")
                : Invariant($"{DemoConsole.Format(summary.Simulated)} of session time in {summary.WallClock.TotalSeconds:0} s")),
            ("session lifetimes", Invariant($"{summary.Lifetimes:0.0} ({DemoConsole.Format(summary.SessionDuration)} sessions)")),
        };

        foreach (var operation in new[] { S3Operation, DynamoDbOperation })
        {
            ledger.OkByOperation.TryGetValue(operation, out var ok);
            ledger.FailedByOperation.TryGetValue(operation, out var failed);
            rows.Add((operation, Invariant($"{ok} ok, {failed} failed")));
        }

        rows.Add(("requests", Invariant($"{summary.RequestsOk} ok, {summary.RequestsFailed} failed")));
        foreach (var (code, count) in summary.FailuresByCode.OrderByDescending(p => p.Value))
        {
            rows.Add(("  failed with " + code, Invariant($"{count}, first at +{DemoConsole.Format(summary.FirstFailureAt ?? TimeSpan.Zero)}: {summary.FailureMessages.GetValueOrDefault(code)}")));
        }

        if (summary.Mode != DemoMode.Aws)
        {
            rows.Add(($"{summary.SessionAction} calls (LocalSts)", string.Join(", ", summary.AssumeRoleOutcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Invariant($"{p.Value} {p.Key}")))));
            rows.Add(("sessions issued", Invariant($"{summary.SessionsIssued}")));
            rows.Add(("expired-token rejections", Invariant($"{summary.ExpiredTokenRejections}")));
            rows.Add(("throttled S3/DynamoDB responses", Invariant($"{summary.ThrottledResponses}")));
        }

        if (summary.Mode != DemoMode.Naive)
        {
            rows.Add(("refreshes (trigger/outcome)", summary.Refreshes.Count == 0 ? "none" : string.Join(", ", summary.Refreshes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Invariant($"{p.Key} {p.Value}")))));
            rows.Add(("retries recovered by the handler", Invariant($"{summary.RecoveredRetries}")));
        }

        output.WriteLine();
        output.WriteLine("Summary");
        WriteTable(output, ["", "value"], rows.Select(r => new[] { r.Name, r.Value }).ToList());

        if (summary.Faults.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Injected faults");
            WriteTable(output, ["at", "fault", "handled", "what happened"], summary.Faults.Select(f => new[] { "+" + DemoConsole.Format(f.At), f.Name, f.Handled ? "yes" : f.Reached ? "NO" : "not reached", f.Outcome }).ToList());
        }

        WriteTimeline(output, summary.Timeline);
        if (summary.Soak is { } soak)
        {
            WriteSoak(output, summary, soak);
        }

        output.WriteLine();
        if (summary.Interrupted)
        {
            output.WriteLine("Stopped early (Ctrl+C). Exit code 1.");
        }
        else if (summary.Mode == DemoMode.Naive)
        {
            output.WriteLine(summary.RequestsFailed > 0
                ? Invariant($"EXPECTED FAILURE (naive mode): {summary.RequestsFailed} calls failed once the session expired at +{DemoConsole.Format(summary.SessionDuration)}; SessionAWSCredentials never refresh. Exit code 1. Run without --naive to see the same workload pass.")
                : "The naive run did not fail: it ended before the session expired (run it longer). Exit code 1.");
        }
        else
        {
            var notReached = summary.FaultsNotReached;
            var unhandled = summary.Faults.Count(f => f.Reached && !f.Handled);
            var reached = summary.Faults.Count(f => f.Reached);
            output.WriteLine(summary.ExitCode == 0
                ? reached == summary.Faults.Count
                    ? Invariant($"PASS: {summary.RequestsOk} calls, none failed; all {summary.Faults.Count} faults handled. Exit code 0.")
                    : Invariant($"PASS: {summary.RequestsOk} calls, none failed; all {reached} faults injected handled ({summary.Faults.Count - reached} planned ones not reached before the end). Exit code 0.")
                : summary.RequestsFailed > 0
                    ? Invariant($"FAIL: {summary.RequestsFailed} of {summary.RequestsOk + summary.RequestsFailed} calls failed. Exit code 1.")
                    : notReached.Count > 0
                        ? Invariant($"INCOMPLETE: {summary.RequestsOk} calls, none failed, but {notReached.Count} of {summary.Faults.Count} faults were not reached ({string.Join(", ", notReached.Select(f => f.Name))}): run longer or with --stepped. Exit code 1.")
                        : Invariant($"FAIL: no call failed, but {unhandled} fault(s) were not handled as expected (see the table). Exit code 1."));
        }

        output.Flush();
    }

    /// <summary>One entry per hour of the run (the last one ends with the run; a call at its very end counts in it).</summary>
    private static List<DemoHour> Timeline(TimeSpan elapsed, RequestLedger ledger, LibraryTelemetry telemetry, IReadOnlyList<InjectedFault> faults)
    {
        var hours = Math.Max(1, (int)Math.Ceiling(elapsed.TotalHours));
        long Sum(IEnumerable<KeyValuePair<int, long>> counts, int hour) =>
            counts.Where(p => Math.Min(p.Key, hours - 1) == hour).Sum(p => p.Value);
        return Enumerable.Range(0, hours).Select(hour => new DemoHour(
            TimeSpan.FromHours(hour),
            hour == hours - 1 ? elapsed : TimeSpan.FromHours(hour + 1),
            Sum(ledger.CallsByHour, hour),
            Sum(ledger.FailedByHour, hour),
            Sum(telemetry.RefreshesByHour, hour),
            faults.Where(f => f.Reached && Math.Min((int)f.At.TotalHours, hours - 1) == hour).Select(f => Invariant($"{f.Name} +{DemoConsole.Format(f.At)}")).ToList())).ToList();
    }

    private static void WriteTimeline(TextWriter output, IReadOnlyList<DemoHour> timeline)
    {
        output.WriteLine();
        output.WriteLine("Timeline (one line per hour)");
        WriteTable(output, ["hour", "calls", "failed", "refreshes", "faults"], timeline.Select(h => new[]
        {
            Invariant($"+{DemoConsole.Format(h.From)}-{DemoConsole.Format(h.To)}"),
            Invariant($"{h.Calls,5}"),
            Invariant($"{h.Failed,6}"),
            Invariant($"{h.Refreshes,9}"),
            h.Faults.Count == 0 ? "-" : string.Join(", ", h.Faults),
        }).ToList());
    }

    private static void WriteSoak(TextWriter output, DemoSummary summary, SoakReport soak)
    {
        static long Heap(MemorySample s) => s.HeapBytes;
        static long WorkingSet(MemorySample s) => s.WorkingSetBytes;
        var kinds = soak.Plan.GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => Invariant($"{g.Key} {g.Count()}"));
        var hours = soak.StsCallsByHour;
        output.WriteLine();
        output.WriteLine("Soak");
        WriteTable(output, ["", "value"], new List<string[]>
        {
            new[] { "seed", Invariant($"{soak.Seed} (replay: --soak {summary.Simulated.TotalHours:0} --seed {soak.Seed})") },
            new[] { "faults planned", Invariant($"{soak.Plan.Count}: {string.Join(", ", kinds)}") },
            new[] { "faults injected", Invariant($"{summary.Faults.Count(f => f.Reached)}, of which {summary.Faults.Count(f => f.Reached && f.Handled)} with no failed call") },
            new[] { "failed calls", Invariant($"{summary.RequestsFailed} of {summary.RequestsOk + summary.RequestsFailed}") },
            new[] { "STS calls per 1-hour session", hours.Count == 0 ? "-" : Invariant($"mean {hours.Average():0.00}, max {hours.Max()}, min {hours.Min()} ({hours.Sum()} AssumeRole calls, {summary.SessionsIssued} sessions issued)") },
            new[] { "GC heap after full GC (MiB)", Invariant($"first quarter mean {soak.QuarterMeanMiB(false, Heap):0.00} max {soak.QuarterMaxMiB(false, Heap):0.00}; last quarter mean {soak.QuarterMeanMiB(true, Heap):0.00} max {soak.QuarterMaxMiB(true, Heap):0.00} ({soak.Memory.Count} samples)") },
            new[] { "working set (MiB)", Invariant($"first quarter mean {soak.QuarterMeanMiB(false, WorkingSet):0.0} max {soak.QuarterMaxMiB(false, WorkingSet):0.0}; last quarter mean {soak.QuarterMeanMiB(true, WorkingSet):0.0} max {soak.QuarterMaxMiB(true, WorkingSet):0.0}") },
        });
    }

    private static void WriteTable(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => i == header.Length - 1 ? 0 : r[i].Length))).ToArray();
        string Format(string[] cells) => string.Join(" | ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Format(header));
        output.WriteLine(string.Join("-|-", widths.Select((w, i) => new string('-', i == widths.Length - 1 ? Math.Max(5, header[i].Length) : w))));
        foreach (var row in rows)
        {
            output.WriteLine(Format(row));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
