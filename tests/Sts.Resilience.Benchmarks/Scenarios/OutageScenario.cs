using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Benchmarks.Charts;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 4: STS fails while the credentials are still valid but inside the early-refresh window; 100 calls/s.
/// RefreshingRoleCredentials: 12-hour sessions (60-minute advisory window) on a FakeTimeProvider shared with LocalSts,
/// a 30-minute outage (503) from the start of the window, 180,000 calls 10 ms of fake time apart; whenever a refresh
/// reaches STS the loop waits for it to finish, as if STS answered within those 10 ms.
/// The SDK's AssumeRoleAWSCredentials: its refresh window (PreemptExpiryTime) is 15 minutes; on the same kind of fake
/// clock (the SDK's own clock source pointed at it) a 1-hour session is moved 50 minutes on, then STS fails (503, no
/// added latency) for 30 s at 100 calls/s, each 10 ms of fake time also taking 10 ms of wall-clock time because the
/// SDK refreshes on tasks of its own.
/// </summary>
internal static class OutageScenario
{
    public static async Task<IReadOnlyList<ChartSpec>> RunAsync()
    {
        Report.Heading("4. STS outage inside the early-refresh window: credentials valid, STS failing, 100 calls/s");
        var ours = await RunOursAsync(outage: true);
        var baseline = await RunOursAsync(outage: false);
        var sdk = await RunSdkAsync();
        Report.Table(
            ["credentials", "run", "calls", "calls failed", "refresh attempts", "AssumeRole HTTP requests", "per second", "slowest call", "p99.9 call", "unobserved task exceptions"],
            [ours.Row, baseline.Row, sdk.Row]);
        return sdk.RequestMinutes is null ? [] : [OutageChart.Build(ours, sdk)];
    }

    /// <summary>Requests are the AssumeRole arrival times in minutes of (fake) time after the outage began.</summary>
    private static double[] RequestMinutes(Harness harness, DateTimeOffset from) =>
        harness.Sts.Requests.Where(r => r.Action == LocalStsActions.AssumeRole && r.Time >= from).Select(r => (r.Time - from).TotalMinutes).ToArray();

    private static async Task<OutageRun> RunOursAsync(bool outage)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var harness = await Harness.StartAsync(sessionClock: time);
        using var tracker = new RefreshTracker();
        using var credentials = harness.CreateRefreshing(time, TimeSpan.FromHours(12));
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromHours(11)); // the start of the 60-minute advisory window
        var before = harness.AssumeRoleRequests;
        var from = time.GetUtcNow();
        var attemptsBefore = tracker.Attempts;
        if (outage)
        {
            harness.Sts.Faults.ScheduleOutage(time.GetUtcNow(), time.GetUtcNow() + TimeSpan.FromMinutes(30), LocalStsFault.ServiceUnavailable);
        }

        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, _) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += handler;
        const int Calls = 30 * 60 * 100;
        var durations = new double[Calls];
        var failed = 0;
        for (var i = 0; i < Calls; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await tracker.SettleAsync();
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

            // A refresh in flight finishes before fake time moves on, as if STS answered within the 10 ms.
            await tracker.SettleAsync();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        TaskScheduler.UnobservedTaskException -= handler;
        Array.Sort(durations);
        var requests = harness.AssumeRoleRequests - before;
        return new OutageRun(
        [
            "RefreshingRoleCredentials",
            outage ? "30 min outage (fake clock)" : "same, no outage",
            Report.N(Calls),
            Report.N(failed),
            Report.N(tracker.Attempts - attemptsBefore),
            Report.N(requests),
            Report.N(requests / 1800.0, "0.000") + "/s",
            Report.N(durations[^1], "0.0") + " µs",
            Report.N(durations[(int)(Calls * 0.999)], "0.00") + " µs",
            Report.N(unobserved),
        ],
            RequestMinutes(harness, from),
            Calls,
            failed,
            unobserved,
            30);
    }

    private static async Task<OutageRun> RunSdkAsync()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var clock = SdkStsClients.UseSdkClock(time);
        if (clock is null)
        {
            return new OutageRun(["AssumeRoleAWSCredentials (AWS SDK)", "not measured: this AWSSDK.Core has no clock source to fake", "", "", "", "", "", "", "", ""], null, 0, 0, 0, 0);
        }

        // The SDK signs with the clock it was given, so LocalSts checks signatures against the same fake clock.
        await using var harness = await Harness.StartAsync(sessionClock: time, signatureClock: time);
        var credentials = harness.CreateAssumeRole(TimeSpan.FromHours(1));
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(50)); // inside the SDK's 15-minute PreemptExpiryTime, 10 minutes left
        var before = harness.AssumeRoleRequests;
        var from = time.GetUtcNow();
        harness.Sts.Faults.StartOutage(TimeSpan.FromHours(1), LocalStsFault.ServiceUnavailable);
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, _) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += handler;
        var durations = new List<double>();
        var failed = 0;
        var run = Stopwatch.StartNew();

        // 30 s at 100 calls/s; the SDK refreshes on its own tasks, so each 10 ms of fake time is also 10 ms of wall clock.
        for (var i = 0; i < 3000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            var next = TimeSpan.FromMilliseconds(10 * (i + 1));
            if (next > run.Elapsed)
            {
                await Task.Delay(next - run.Elapsed);
            }

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

            durations.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        await Task.Delay(1000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(100);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TaskScheduler.UnobservedTaskException -= handler;
        durations.Sort();
        var requests = harness.AssumeRoleRequests - before;
        return new OutageRun(
        [
            "AssumeRoleAWSCredentials (AWS SDK)",
            "30 s outage (fake clock, paced in wall-clock time)",
            Report.N(durations.Count),
            Report.N(failed),
            "n/a (not exposed)",
            Report.N(requests),
            Report.N(requests / 30.0, "0.0") + "/s",
            Report.N(durations[^1], "0.0") + " µs",
            Report.N(durations[(int)(durations.Count * 0.999)], "0.00") + " µs",
            Report.N(unobserved),
        ],
            RequestMinutes(harness, from),
            durations.Count,
            failed,
            unobserved,
            0.5);
    }
}
