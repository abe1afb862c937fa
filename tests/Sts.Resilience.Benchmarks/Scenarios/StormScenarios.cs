using System.Diagnostics;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Benchmarks.Charts;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenarios 2 and 3: 1,000 concurrent callers arrive when the credentials have expired, with STS answering after
/// 50 ms (2), or failing with 500s / throttling (3). LocalSts runs on the wall clock so latency and waits are real.
/// RefreshingRoleCredentials expires on its own FakeTimeProvider (advanced past expiry); the SDK's AssumeRoleAWSCredentials
/// cannot be given a clock per instance, so its expiry is emulated with ClearCredentials(), which sends the next callers
/// down the same refresh path as expired credentials.
/// </summary>
internal static class StormScenarios
{
    private const int Callers = 1000;

    public static async Task<IReadOnlyList<ChartSpec>> RunAsync()
    {
        Report.Heading("2. Refresh storm: 1,000 concurrent callers at expiry, STS latency 50 ms");
        var rows = new List<string[]>();
        foreach (var sdk in new[] { false, true })
        {
            await using var harness = await Harness.StartAsync();
            harness.Sts.Faults.SetLatency(LocalStsActions.AssumeRole, TimeSpan.FromMilliseconds(50));
            var (credentials, expire, dispose) = await PrimeAsync(harness, sdk);
            var before = harness.AssumeRoleRequests;
            expire();
            var result = await StormAsync(credentials);
            rows.Add(Row(sdk, harness.AssumeRoleRequests - before, result, extra: null));
            dispose();
        }

        Report.Table(["credentials", "AssumeRole HTTP requests", "caller wait p50", "p99", "max", "callers failed"], rows);

        Report.Heading("3. Storm while STS fails: 1,000 concurrent callers at expiry, every AssumeRole fails");
        rows = [];
        var charts = new List<ChartSpec>();
        foreach (var fault in new[] { LocalStsFault.InternalFailure, LocalStsFault.Throttling })
        {
            var timelines = new List<StormTimeline>();
            foreach (var sdk in new[] { false, true })
            {
                await using var harness = await Harness.StartAsync();
                var (credentials, expire, dispose) = await PrimeAsync(harness, sdk);
                var before = harness.AssumeRoleRequests;
                harness.Sts.Faults.StartOutage(TimeSpan.FromHours(1), fault);
                expire();
                var result = await StormAsync(credentials);
                var during = harness.AssumeRoleRequests - before;
                timelines.Add(new StormTimeline(sdk, result, harness.Sts.Requests
                    .Where(r => r.Action == LocalStsActions.AssumeRole && r.Time >= result.Released)
                    .Select(r => (r.Time - result.Released).TotalMilliseconds)
                    .Take(during)
                    .ToArray()));

                // Right after: does a second wave call STS again, or wait for the back-off?
                var second = await StormAsync(credentials);
                var afterwards = harness.AssumeRoleRequests - before - during;
                rows.Add([fault == LocalStsFault.InternalFailure ? "500 InternalFailure" : "Throttling", .. Row(sdk, during, result, afterwards.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
                _ = second;
                dispose();
            }

            charts.Add(StormChart.Build(fault, timelines));
        }

        Report.Table(["STS answers", "credentials", "AssumeRole HTTP requests", "caller wait p50", "p99", "max", "callers failed", "HTTP requests from a second wave of 1,000 right after"], rows);
        return charts;
    }

    private static string[] Row(bool sdk, int requests, StormResult result, string? extra)
    {
        string[] row =
        [
            sdk ? "AssumeRoleAWSCredentials (AWS SDK)" : "RefreshingRoleCredentials",
            requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Report.Ms(Report.Percentile(result.Waits, 50)),
            Report.Ms(Report.Percentile(result.Waits, 99)),
            Report.Ms(result.Waits[^1]),
            result.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        return extra is null ? row : [.. row, extra];
    }

    private static async Task<(AWSCredentials Credentials, Action Expire, Action Dispose)> PrimeAsync(Harness harness, bool sdk)
    {
        if (sdk)
        {
            var assumeRole = harness.CreateAssumeRole(TimeSpan.FromHours(1));
            await assumeRole.GetCredentialsAsync();
            return (assumeRole, assumeRole.ClearCredentials, () => { });
        }

        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var refreshing = harness.CreateRefreshing(time, TimeSpan.FromHours(1), backgroundRefresh: false);
        await refreshing.GetCredentialsAsync();
        return (refreshing, () => time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)), refreshing.Dispose);
    }

    private static async Task<StormResult> StormAsync(AWSCredentials credentials)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = 0;
        var released = 0L;
        var tasks = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            var watch = Stopwatch.StartNew();
            var ok = true;
            try
            {
                await credentials.GetCredentialsAsync();
            }
#pragma warning disable CA1031 // A failed caller is what the scenario counts.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref failed);
                ok = false;
            }

            return (Wait: watch.Elapsed, Answered: Stopwatch.GetElapsedTime(Interlocked.Read(ref released)), Failed: !ok);
        })).ToList();

        // Let the pool pick the callers up, then release them together.
        await Task.Delay(200);
        var releasedAt = TimeProvider.System.GetUtcNow();
        Interlocked.Exchange(ref released, Stopwatch.GetTimestamp());
        start.SetResult();
        var callers = await Task.WhenAll(tasks);
        var waits = callers.Select(c => c.Wait).Order().ToArray();
        var answers = callers.Select(c => (c.Answered.TotalMilliseconds, c.Failed)).OrderBy(c => c.TotalMilliseconds).ToArray();
        return new StormResult(waits, failed, releasedAt, answers);
    }
}
