using System.Globalization;
using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>The chart of scenario 4: AssumeRole requests during the outage (log scale), failed calls and unobserved exceptions.</summary>
internal static class OutageChart
{
    public static ChartSpec Build(OutageRun ours, OutageRun sdk)
    {
        static string Rate(OutageRun run) =>
            (run.RequestMinutes!.Length / (run.Minutes * 60)).ToString(run.RequestMinutes.Length / (run.Minutes * 60) < 1 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + "/s";

        var (ox, oy) = Cumulative.Of(ours.RequestMinutes!, ours.Minutes);
        var (sx, sy) = Cumulative.Of(sdk.RequestMinutes!, sdk.Minutes);
        return new ChartSpec(
            "outage-in-refresh-window",
            "STS outage inside the early-refresh window: credentials still valid, AssumeRole answers 503, 100 calls/s",
            [
                "AssumeRole HTTP requests reaching LocalSts since the outage began (running total, log scale), and what the callers saw.",
                "Ours: 12-hour session, 30-minute outage from the start of its 60-minute window, 180,000 calls on a fake clock.",
                "AWS SDK: 1-hour session 50 minutes on (inside its 15-minute window), outage measured for 30 s (3,000 calls, paced in real time).",
            ],
            [
                new ChartPanel("time since the outage began (minutes of the scenario's clock)", "AssumeRole requests (log)")
                {
                    LogY = true,
                    XMax = ours.Minutes * 1.02,
                    Series =
                    [
                        new ChartSeries("RefreshingRoleCredentials (ours), 30 min", ox, oy, SeriesStyle.Ours)
                        {
                            Steps = true,
                            EndLabel = $"{ChartRenderer.Count(ours.RequestMinutes!.Length)} requests in 30 min ({Rate(ours)})",
                        },
                        new ChartSeries("AWS SDK AssumeRoleAWSCredentials, 30 s measured", sx, sy, SeriesStyle.Sdk)
                        {
                            Steps = true,
                            EndLabel = $"{ChartRenderer.Count(sdk.RequestMinutes!.Length)} requests in 30 s ({Rate(sdk)})",
                        },
                    ],
                    Marks = [new ChartMark(sdk.Minutes, "SDK run ends (30 s)"), new ChartMark(ours.Minutes, "outage ends (30 min)")],
                },
                new ChartPanel(string.Empty, "count in the run")
                {
                    Bars =
                    [
                        new ChartBar($"ours: calls failed\n(of {ChartRenderer.Count(ours.Calls)})", ours.Failed, ChartRenderer.Count(ours.Failed), SeriesStyle.Ours),
                        new ChartBar($"AWS SDK: calls failed\n(of {ChartRenderer.Count(sdk.Calls)})", sdk.Failed, ChartRenderer.Count(sdk.Failed), SeriesStyle.Sdk),
                        new ChartBar("ours: unobserved\ntask exceptions", ours.Unobserved, ChartRenderer.Count(ours.Unobserved), SeriesStyle.Ours),
                        new ChartBar("AWS SDK: unobserved\ntask exceptions", sdk.Unobserved, ChartRenderer.Count(sdk.Unobserved), SeriesStyle.Sdk),
                    ],
                },
            ]);
    }
}
