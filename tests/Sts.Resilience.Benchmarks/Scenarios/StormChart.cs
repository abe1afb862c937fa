using Sts.Resilience.Benchmarks.Charts;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>The chart of scenario 3 for one kind of failure: STS requests and failed callers over time, ours and the SDK's.</summary>
internal static class StormChart
{
    public static ChartSpec Build(LocalStsFault fault, IReadOnlyList<StormTimeline> runs)
    {
        var answers = fault == LocalStsFault.InternalFailure ? "500 InternalFailure" : "400 Throttling";
        var end = runs.Max(run => run.Result.Answers[^1].Milliseconds) / 1000 * 1.02;
        var requests = new List<ChartSeries>();
        var failed = new List<ChartSeries>();
        foreach (var run in runs)
        {
            var who = run.Sdk ? "AWS SDK AssumeRoleAWSCredentials" : "RefreshingRoleCredentials (ours)";
            var style = run.Sdk ? SeriesStyle.Sdk : SeriesStyle.Ours;
            var lastAnswer = run.Result.Answers[^1].Milliseconds;
            var (x, y) = Cumulative.Of(run.RequestMilliseconds.Select(ms => ms / 1000), lastAnswer / 1000);
            requests.Add(new ChartSeries(who, x, y, style) { Steps = true, EndLabel = $"{ChartRenderer.Count(run.RequestMilliseconds.Length)} requests" });
            (x, y) = Cumulative.Of(run.Result.Answers.Where(a => a.Failed).Select(a => a.Milliseconds / 1000), lastAnswer / 1000);
            failed.Add(new ChartSeries(who, x, y, style)
            {
                Steps = true,
                EndLabel = $"{ChartRenderer.Count(run.Result.Failed)} of 1,000 failed, the last answered at {ChartRenderer.Count(lastAnswer)} ms",
            });
        }

        const string Time = "time since the 1,000 callers were released (seconds, wall clock)";
        return new ChartSpec(
            fault == LocalStsFault.InternalFailure ? "storm-failing-sts-500" : "storm-failing-sts-throttling",
            $"Storm while STS fails: 1,000 concurrent callers at expiry, every AssumeRole answers {answers}",
            [
                "Running totals of the AssumeRole HTTP requests reaching LocalSts (127.0.0.1; log scale) and of the callers whose GetCredentialsAsync() threw.",
                "Ours shares one refresh (the STS client's 3 attempts) and answers every caller with the expired credentials; the SDK refreshes per caller.",
            ],
            [
                new ChartPanel(Time, "AssumeRole requests (log)") { Series = requests, XMax = end, LogY = true },
                new ChartPanel(Time, "callers failed") { Series = failed, XMax = end },
            ]);
    }
}
