using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>The chart of scenario 6: refreshes in each second over three hours, with and without jitter (log scale).</summary>
internal static class FleetChart
{
    public static ChartSpec Build(FleetRun with, FleetRun without)
    {
        static ChartSeries Series(FleetRun run, string label, SeriesStyle style)
        {
            var seconds = run.PerSecond.OrderBy(p => p.Key).ToArray();
            return new ChartSeries(
                $"{label}: {ChartRenderer.Count(run.Total)} refreshes, peak {ChartRenderer.Count(run.Peak)} in one second, {ChartRenderer.Count(run.BusySeconds)} busy seconds",
                seconds.Select(p => p.Key / 60.0).ToArray(),
                seconds.Select(p => (double)p.Value).ToArray(),
                style)
            { MarkersOnly = true };
        }

        return new ChartSpec(
            "fleet-start",
            "Fleet start: 10,000 instances started within one second, 1-hour sessions, idle for 3 hours",
            [
                "Background refreshes per second (each point is one second with at least one refresh; seconds with none are not drawn; log scale).",
                "Each instance is the library's engine (timers, windows, jitter) over an in-process source that answers at once, on one fake clock.",
                "The AWS SDK has no background refresh (an idle instance never refreshes), so it is not drawn.",
            ],
            [
                new ChartPanel("time since the fleet started (minutes of the scenario's clock)", "refreshes per second (log)")
                {
                    LogY = true,
                    XMax = 182, // the last lifetime's refreshes fall on the 180th minute
                    Series =
                    [
                        Series(without, "without jitter (timer at the window start)", SeriesStyle.Other),
                        Series(with, "with jitter (the library)", SeriesStyle.Ours),
                    ],
                },
            ]);
    }
}
