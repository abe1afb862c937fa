using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Benchmarks.Charts;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 9 (issue 13): STS is down from 16 minutes before a 1-hour session expires until N seconds after it expired,
/// so no refresh can succeed before expiry. 10 calls/s of fake time (a FakeTimeProvider shared with LocalSts, and with
/// the SDK's clock source) from 30 s before expiry to 30 s after STS returns; each refresh that reaches STS finishes
/// before fake time moves on. A call fails when it throws or returns a session that has already expired (a service
/// would reject it with ExpiredToken). Recovery: fake time from STS's return to the first call with a live session.
/// </summary>
internal static class ExpiryOutageScenario
{
    private static readonly TimeSpan Session = TimeSpan.FromHours(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    public static async Task<IReadOnlyList<ChartSpec>> RunAsync()
    {
        Report.Heading("9. STS down across expiry, back at +N s: 1-hour sessions, outage from 16 min before expiry, 10 calls/s");
        var rows = new List<string[]>();
        var runs = new List<ExpiryOutageRun>();
        foreach (var back in new[] { 5, 60 })
        {
            foreach (var sdk in new[] { false, true })
            {
                var run = await RunAsync(sdk, TimeSpan.FromSeconds(back));
                rows.Add(run.Row);
                runs.Add(run);
            }
        }

        Report.Table(["credentials", "STS back at", "calls", "calls failed (threw)", "calls failed (got an expired session)", "time from STS's return to the first good call", "AssumeRole HTTP requests during the outage"], rows);
        return runs.Any(run => run.FailedAt is null) ? [] : [ExpiryOutageChart.Build(runs)];
    }

    private static async Task<ExpiryOutageRun> RunAsync(bool sdk, TimeSpan back)
    {
        var name = sdk ? "AssumeRoleAWSCredentials (AWS SDK)" : "RefreshingRoleCredentials";
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var clock = sdk ? SdkStsClients.UseSdkClock(time) : null;
        if (sdk && clock is null)
        {
            return new ExpiryOutageRun([name, "+" + Report.N(back.TotalSeconds) + " s", "not measured: this AWSSDK.Core has no clock source to fake", "", "", "", ""], sdk, back, null, null, 0);
        }

        await using var harness = await Harness.StartAsync(sessionClock: time, signatureClock: sdk ? time : null);
        using var tracker = new RefreshTracker();
        AWSCredentials credentials = sdk ? harness.CreateAssumeRole(Session) : harness.CreateRefreshing(time, Session);
        var first = await credentials.GetCredentialsAsync();
        var expiry = time.GetUtcNow() + Session;
        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) { [first.AccessKey] = expiry };
        var stsBack = expiry + back;
        harness.Sts.Faults.ScheduleOutage(expiry - TimeSpan.FromMinutes(16), stsBack, LocalStsFault.ServiceUnavailable);
        var before = harness.AssumeRoleRequests;

        // Up to 30 s before expiry in steps of a minute (background refreshes fail in the outage), then 10 calls/s.
        while (time.GetUtcNow() < expiry - TimeSpan.FromSeconds(90))
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await tracker.SettleAsync();
        }

        time.Advance(expiry - TimeSpan.FromSeconds(30) - time.GetUtcNow());
        await tracker.SettleAsync();
        int calls = 0, threw = 0, expired = 0;
        TimeSpan? recovery = null;
        var failedAt = new List<double>();
        long? requestsAtReturn = null;
        while (time.GetUtcNow() < stsBack + TimeSpan.FromSeconds(30))
        {
            time.Advance(Step);
            await tracker.SettleAsync();
            var now = time.GetUtcNow();
            if (now >= stsBack)
            {
                requestsAtReturn ??= harness.AssumeRoleRequests;
            }

            calls++;
            try
            {
                var got = await credentials.GetCredentialsAsync();
                if (!expiries.TryGetValue(got.AccessKey, out var until))
                {
                    until = credentials.Expiration is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : now + Session;
                    expiries[got.AccessKey] = until;
                }

                if (until <= now)
                {
                    expired++;
                    failedAt.Add((now - expiry).TotalSeconds);
                }
                else if (now >= stsBack)
                {
                    recovery ??= now - stsBack;
                }
            }
#pragma warning disable CA1031 // A failed call is what the scenario counts.
            catch (Exception)
#pragma warning restore CA1031
            {
                threw++;
                failedAt.Add((time.GetUtcNow() - expiry).TotalSeconds);
            }

            await tracker.SettleAsync();
        }

        (credentials as IDisposable)?.Dispose();
        return new ExpiryOutageRun(
        [
            name,
            "+" + Report.N(back.TotalSeconds) + " s",
            Report.N(calls),
            Report.N(threw),
            Report.N(expired),
            recovery is { } r ? Report.N(r.TotalSeconds, "0.0") + " s" : "none within 30 s",
            Report.N((requestsAtReturn ?? harness.AssumeRoleRequests) - before),
        ],
            sdk,
            back,
            [.. failedAt],
            recovery,
            (stsBack + TimeSpan.FromSeconds(30) - expiry).TotalSeconds);
    }
}
