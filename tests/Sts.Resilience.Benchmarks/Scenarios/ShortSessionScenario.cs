using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 5: 900-second sessions (the STS minimum) over 3 hours, one call per second: AssumeRole calls per session
/// lifetime. Both credential types run on one FakeTimeProvider shared with LocalSts: RefreshingRoleCredentials takes it
/// as a constructor argument; the AWS SDK's clock is pointed at it through AWSConfigs' internal clock source.
/// </summary>
internal static class ShortSessionScenario
{
    private static readonly TimeSpan Session = TimeSpan.FromSeconds(900);
    private static readonly TimeSpan Span = TimeSpan.FromHours(3);

    public static async Task RunAsync()
    {
        Report.Heading("5. Short sessions: 900-second sessions over 3 hours, 1 call/s");
        var rows = new List<string[]> { await RunOursAsync(), await RunSdkAsync() };
        Report.Table(["credentials", "calls", "calls failed", "AssumeRole HTTP requests", "sessions issued", "lifetimes", "sessions per 900 s lifetime", "AssumeRole requests per session obtained", "AssumeRole outcomes (LocalSts)"], rows);
    }

    private static async Task<string[]> RunOursAsync()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var harness = await Harness.StartAsync(sessionClock: time);
        using var tracker = new RefreshTracker();
        using var credentials = harness.CreateRefreshing(time, Session);
        return await LoopAsync("RefreshingRoleCredentials", harness, time, () => credentials.GetCredentialsAsync(), tracker);
    }

    private static async Task<string[]> RunSdkAsync()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var clock = SdkStsClients.UseSdkClock(time);
        if (clock is null)
        {
            return ["AssumeRoleAWSCredentials (AWS SDK)", "not measured: this AWSSDK.Core has no clock source to fake", "", "", "", "", "", "", ""];
        }

        // The SDK signs with the clock it was given, so LocalSts checks signatures against the same fake clock.
        await using var harness = await Harness.StartAsync(sessionClock: time, signatureClock: time);
        var credentials = harness.CreateAssumeRole(Session);
        return await LoopAsync("AssumeRoleAWSCredentials (AWS SDK)", harness, time, credentials.GetCredentialsAsync, tracker: null);
    }

    private static async Task<string[]> LoopAsync(string name, Harness harness, FakeTimeProvider time, Func<Task> call, RefreshTracker? tracker)
    {
        var calls = (int)Span.TotalSeconds;
        var failed = 0;
        for (var i = 0; i < calls; i++)
        {
            var sent = harness.AssumeRoleRequests;
            try
            {
                await call();
            }
#pragma warning disable CA1031 // A failed call is what the scenario counts.
            catch (Exception)
#pragma warning restore CA1031
            {
                failed++;
            }

            if (tracker is not null)
            {
                // A refresh in flight (started by this call or by the background timer) finishes before time moves on.
                await tracker.SettleAsync();
            }
            else if (harness.AssumeRoleRequests != sent)
            {
                // The SDK may refresh in the background: give a refresh in flight a moment before time moves on.
                await Task.Delay(5);
            }

            time.Advance(TimeSpan.FromSeconds(1));
            if (tracker is not null)
            {
                await tracker.SettleAsync();
            }
        }

        var requests = harness.AssumeRoleRequests;
        var sessions = harness.Sts.Counters.Succeeded(LocalStsActions.AssumeRole);
        var lifetimes = Span / Session;
        return
        [
            name,
            Report.N(calls),
            Report.N(failed),
            Report.N(requests),
            Report.N(sessions),
            Report.N(lifetimes),
            Report.N(sessions / lifetimes, "0.00"),
            Report.N((double)requests / sessions, "0.00"),
            string.Join(", ", harness.Sts.Counters.ByOutcome(LocalStsActions.AssumeRole).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {p.Key}")),
        ];
    }
}
