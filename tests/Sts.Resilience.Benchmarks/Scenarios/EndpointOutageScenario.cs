using System.Diagnostics;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 11b, scenario 4 for the container endpoint and instance metadata: the endpoint fails (503) while the
/// credentials are still valid but inside the early-refresh window, 100 calls/s. Ours: 12-hour sessions (60-minute
/// advisory window) on a FakeTimeProvider shared with LocalSts, a 30-minute outage from the start of the window,
/// 180,000 calls 10 ms of fake time apart, each refresh in flight awaited before time moves on. The SDK's providers:
/// their clock source pointed at the same kind of fake clock, a 1-hour session moved 50 minutes on (inside the SDK's
/// refresh window), 30 s of outage at 100 calls/s paced in wall-clock time, as in scenario 4.
/// </summary>
internal static class EndpointOutageScenario
{
    public static async Task RunAsync()
    {
        Report.Heading("11b. Endpoint down 30 min inside the refresh window: credentials valid, endpoint failing, 100 calls/s");
        var rows = new List<string[]>();
        foreach (var imds in new[] { false, true })
        {
            rows.Add(await RunOursAsync(imds));
            await Console.Error.WriteLineAsync("11b: " + string.Join(" | ", rows[^1]));
            rows.Add(await RunSdkAsync(imds));
            await Console.Error.WriteLineAsync("11b: " + string.Join(" | ", rows[^1]));
        }

        Report.Table(["endpoint", "credentials", "run", "calls", "calls failed", "endpoint HTTP requests", "per second", "slowest call", "p99.9 call", "unobserved task exceptions"], rows);
    }

    private static async Task<string[]> RunOursAsync(bool imds)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var sts = await EndpointSetup.StartAsync(imds, time);
        var setup = EndpointSetup.Create(sts, imds, TimeSpan.FromHours(12), TimeSpan.FromMinutes(60));
        using var tracker = new RefreshTracker();
        using var credentials = setup.CreateOurs(time, backgroundRefresh: true);
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromHours(11)); // the start of the 60-minute advisory window
        var before = setup.Requests;
        sts.Faults.ScheduleOutage(time.GetUtcNow(), time.GetUtcNow() + TimeSpan.FromMinutes(30), LocalStsFault.ServiceUnavailable, setup.Service);
        const int Calls = 30 * 60 * 100;
        var (durations, failed, unobserved) = await CallAsync(credentials, Calls, async () =>
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await tracker.SettleAsync();
        }, tracker.SettleAsync);
        var requests = setup.Requests - before;
        return Row(setup.Kind, setup.OursName, "30 min outage (fake clock)", durations, failed, requests, 1800, unobserved);
    }

    private static async Task<string[]> RunSdkAsync(bool imds)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var clock = SdkStsClients.UseSdkClock(time);
        await using var sts = await EndpointSetup.StartAsync(imds, time, time);
        var setup = EndpointSetup.Create(sts, imds, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
        if (clock is null)
        {
            return [setup.Kind, setup.SdkName, "not measured: this AWSSDK.Core has no clock source to fake", "", "", "", "", "", "", ""];
        }

        var credentials = setup.CreateSdk();
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(50)); // 10 minutes left
        var before = setup.Requests;
        sts.Faults.StartOutage(TimeSpan.FromHours(1), LocalStsFault.ServiceUnavailable, setup.Service);
        var run = Stopwatch.StartNew();
        var i = 0;

        // 30 s at 100 calls/s; the SDK refreshes on its own tasks, so each 10 ms of fake time is also 10 ms of wall clock.
        var (durations, failed, unobserved) = await CallAsync(credentials, 3000, async () =>
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            var next = TimeSpan.FromMilliseconds(10 * ++i);
            if (next > run.Elapsed)
            {
                await Task.Delay(next - run.Elapsed);
            }
        }, () => Task.CompletedTask);
        var requests = setup.Requests - before;
        (credentials as IDisposable)?.Dispose();
        return Row(setup.Kind, setup.SdkName, "30 s outage (fake clock, paced in wall-clock time)", durations, failed, requests, 30, unobserved);
    }

    private static async Task<(double[] Durations, int Failed, int Unobserved)> CallAsync(AWSCredentials credentials, int calls, Func<Task> before, Func<Task> after)
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, _) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += handler;
        var durations = new double[calls];
        var failed = 0;
        for (var i = 0; i < calls; i++)
        {
            await before();
            var start = Stopwatch.GetTimestamp();
            try
            {
                await credentials.GetCredentialsAsync();
            }
#pragma warning disable CA1031 // A failed call is what the scenario counts.
            catch (Exception)
#pragma warning restore CA1031
            {
                failed++;
            }

            durations[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            await after();
        }

        await Task.Delay(1000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(100);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TaskScheduler.UnobservedTaskException -= handler;
        Array.Sort(durations);
        return (durations, failed, unobserved);
    }

    private static string[] Row(string kind, string name, string run, double[] durations, int failed, int requests, double seconds, int unobserved) =>
    [
        kind,
        name,
        run,
        Report.N(durations.Length),
        Report.N(failed),
        Report.N(requests),
        Report.N(requests / seconds, seconds > 60 ? "0.000" : "0.0") + "/s",
        Report.N(durations[^1], "0.0") + " µs",
        Report.N(durations[(int)(durations.Length * 0.999)], "0.00") + " µs",
        Report.N(unobserved),
    ];
}
