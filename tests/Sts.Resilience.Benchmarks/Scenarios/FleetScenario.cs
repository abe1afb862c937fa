using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Benchmarks.Charts;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 6: 10,000 instances started within one second, 1-hour sessions, idle, over 3 hours on one FakeTimeProvider:
/// the peak of refreshes per second with the background refresh's jitter and without it. Each instance's source is an
/// in-process stand-in for AssumeRole that answers at once (10,000 instances x 4 sessions through HTTP would measure
/// Kestrel, not the timing); the engine, its timers and its jitter are the library's own.
/// The AWS SDK's AssumeRoleAWSCredentials has no background refresh: an idle instance does not refresh at all, and a
/// busy one refreshes on the first call inside its 15-minute window, so its peak follows the callers' traffic.
/// </summary>
internal static class FleetScenario
{
    private const int Instances = 10_000;
    private static readonly TimeSpan Session = TimeSpan.FromHours(1);

    public static async Task<IReadOnlyList<ChartSpec>> RunAsync()
    {
        Report.Heading("6. Fleet start: 10,000 instances started within one second, 1-hour sessions, over 3 hours");
        var with = await RunAsync(jitter: true);
        var without = await RunAsync(jitter: false);
        Report.Table(
            ["background refresh", "refreshes after start", "peak refreshes in one second", "seconds with any refresh"],
            [
                ["with jitter (the library)", Report.N(with.Total), Report.N(with.Peak), Report.N(with.BusySeconds)],
                ["without jitter (timer at the window start)", Report.N(without.Total), Report.N(without.Peak), Report.N(without.BusySeconds)],
            ]);
        Report.Note($"Peak ratio without/with jitter: {Report.N((double)without.Peak / with.Peak, "0.0")}x.");
        return [FleetChart.Build(with, without)];
    }

    private static async Task<FleetRun> RunAsync(bool jitter)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var start = time.GetUtcNow();
        var perSecond = new Dictionary<long, long>();
        var source = new InstantSource(time, Session, at =>
        {
            var second = (long)(at - start).TotalSeconds;
            perSecond[second] = perSecond.GetValueOrDefault(second) + 1;
        });
        var timings = jitter ? null : new RefreshTimings { BackgroundJitter = _ => TimeSpan.Zero };
        var options = new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/fleet" };
        var fleet = new List<RefreshingRoleCredentials>(Instances);
        for (var i = 0; i < Instances; i++)
        {
            time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Instances));
            var credentials = RefreshingRoleCredentials.Create(options, source, time, loggerFactory: null, timings);
            await credentials.GetCredentialsAsync();
            fleet.Add(credentials);
        }

        perSecond.Clear(); // the initial fetches are the start itself, the same with or without jitter
        for (var second = 0; second < 3 * 3600; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        foreach (var credentials in fleet)
        {
            credentials.Dispose();
        }

        return new FleetRun(perSecond.Values.Sum(), perSecond.Count == 0 ? 0 : perSecond.Values.Max(), perSecond.Count, perSecond);
    }

    /// <summary>Answers every fetch at once with a new session of <paramref name="session"/> length.</summary>
    private sealed class InstantSource(TimeProvider time, TimeSpan session, Action<DateTimeOffset> onFetch) : ICredentialSource
    {
        private long _next;

        public string Description => "fleet";

        public ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            onFetch(now);
            var id = Interlocked.Increment(ref _next).ToString("D16", System.Globalization.CultureInfo.InvariantCulture);
            return new(new SourceCredentials(new ImmutableCredentials("ASIA" + id, "secret", "token"), now + session, now));
        }

        public bool IsNonRecoverable(Exception exception) => false;
    }
}
