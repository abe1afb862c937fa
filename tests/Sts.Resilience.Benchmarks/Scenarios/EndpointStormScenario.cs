using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 11a, scenario 3 for the container endpoint and instance metadata: 1,000 concurrent callers arrive at expiry
/// while the endpoint answers 500 to everything. LocalSts runs on the wall clock. Ours expires on its own
/// FakeTimeProvider (advanced past expiry); the SDK's providers have no clock per instance, so their expiry is emulated
/// with <c>ClearCredentials()</c>, as in scenario 3.
/// </summary>
internal static class EndpointStormScenario
{
    private const int Callers = 1000;
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);

    public static async Task RunAsync()
    {
        Report.Heading("11a. Endpoint failing (500): 1,000 concurrent callers at expiry, container endpoint and instance metadata");
        var rows = new List<string[]>();
        foreach (var imds in new[] { false, true })
        {
            foreach (var sdk in new[] { false, true })
            {
                await using var sts = await EndpointSetup.StartAsync(imds);
                var setup = EndpointSetup.Create(sts, imds, TimeSpan.FromHours(1), TimeSpan.FromMinutes(15));
                var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
                AWSCredentials credentials = sdk ? setup.CreateSdk() : setup.CreateOurs(time, backgroundRefresh: false);
                await credentials.GetCredentialsAsync();
                var before = setup.Requests;
                sts.Faults.StartOutage(TimeSpan.FromHours(1), LocalStsFault.InternalFailure, setup.Service);
                if (!Expire(credentials, time))
                {
                    rows.Add([setup.Kind, setup.SdkName, "not measured: not a RefreshingAWSCredentials, no ClearCredentials()", "", "", "", "", "", ""]);
                    continue;
                }

                var result = await StormAsync(credentials);
                var during = setup.Requests - before;
                (TimeSpan[] Waits, int Failed, int Pending)? second = result.Pending == 0 ? await StormAsync(credentials) : null;
                var afterwards = setup.Requests - before - during;
                rows.Add(
                [
                    setup.Kind,
                    sdk ? setup.SdkName : setup.OursName,
                    during.ToString(CultureInfo.InvariantCulture),
                    Report.Ms(Report.Percentile(result.Waits, 50)),
                    Report.Ms(Report.Percentile(result.Waits, 99)),
                    result.Waits.Length == 0 ? "-" : Report.Ms(result.Waits[^1]),
                    result.Failed.ToString(CultureInfo.InvariantCulture),
                    result.Pending.ToString(CultureInfo.InvariantCulture),
                    second is null ? "not run (callers still waiting)" : afterwards.ToString(CultureInfo.InvariantCulture),
                ]);
                await Console.Error.WriteLineAsync("11a: " + string.Join(" | ", rows[^1]));
                (credentials as IDisposable)?.Dispose();
            }
        }

        Report.Table(["endpoint", "credentials", "endpoint HTTP requests (first 60 s)", "caller wait p50", "p99", "max", "callers failed", "callers still waiting after 60 s", "HTTP requests from a second wave of 1,000 right after"], rows);
    }

    /// <summary>Scenario 3's storm, with a limit: callers not answered within <see cref="Cap"/> are counted, not awaited.</summary>
    private static async Task<(TimeSpan[] Waits, int Failed, int Pending)> StormAsync(AWSCredentials credentials)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = 0;
        var tasks = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            var watch = Stopwatch.StartNew();
            try
            {
                await credentials.GetCredentialsAsync();
            }
#pragma warning disable CA1031 // A failed caller is what the scenario counts.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref failed);
            }

            return watch.Elapsed;
        })).ToList();

        // Let the pool pick the callers up, then release them together.
        await Task.Delay(200);
        start.SetResult();
        await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(Cap));
        var done = tasks.Where(t => t.IsCompleted).Select(t => t.Result).Order().ToArray();
        return (done, Volatile.Read(ref failed), tasks.Count - done.Length);
    }

    private static bool Expire(AWSCredentials credentials, FakeTimeProvider time)
    {
        switch (credentials)
        {
            case RefreshingCredentials:
                time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
                return true;
            case RefreshingAWSCredentials sdk:
                sdk.ClearCredentials();
                return true;
            default:
                return false;
        }
    }
}
