using System.Globalization;
using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>The chart of "STS down across expiry, back at +N s": failed calls over time and the recovery, one panel per N.</summary>
internal static class ExpiryOutageChart
{
    private const double Start = -30;

    public static ChartSpec Build(IReadOnlyList<ExpiryOutageRun> runs)
    {
        var panels = runs.GroupBy(run => run.Back).OrderBy(group => group.Key).Select(group =>
        {
            var back = group.Key.TotalSeconds;
            var end = group.Max(run => run.End);
            var series = group.Select(run =>
            {
                var (x, y) = Cumulative.Of(run.FailedAt!.Select(t => t - Start), end - Start);
                var recovery = run.Recovery is { } r ? "first good call " + r.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s after STS's return" : "no good call within 30 s";
                return new ChartSeries(
                    run.Sdk ? "AWS SDK AssumeRoleAWSCredentials (failed = threw)" : "RefreshingRoleCredentials (ours; failed = got an expired session)",
                    x.Select(v => v + Start).ToArray(),
                    y,
                    run.Sdk ? SeriesStyle.Sdk : SeriesStyle.Ours)
                {
                    Steps = true,
                    EndLabel = $"{ChartRenderer.Count(run.FailedAt!.Length)} failed; {recovery}",
                };
            }).ToList();
            var marks = new List<ChartMark> { new(0, "session expires"), new(back, $"STS back (+{back:0} s)") };
            marks.AddRange(group.Where(run => run.Recovery is not null).Select(run =>
                new ChartMark(back + run.Recovery!.Value.TotalSeconds, (run.Sdk ? "SDK" : "ours") + " recovers")));
            return new ChartPanel($"seconds after the session expired (STS back at +{back:0} s; fake clock)", "calls failed")
            {
                Series = series,
                Marks = marks,
                XMin = Start,
                XMax = end,
            };
        }).ToList();

        return new ChartSpec(
            "expiry-outage",
            "STS down across expiry, back at +N s: 1-hour sessions, STS 503 from 16 minutes before expiry, 10 calls/s",
            [
                "Running total of failed calls from 30 s before expiry to 30 s after STS returns: a call fails when GetCredentialsAsync() throws,",
                "or when it returns a session that has already expired (a service would answer ExpiredToken). One panel per N.",
            ],
            panels);
    }
}
