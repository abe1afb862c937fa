using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.Engine;

/// <summary>
/// One invalidation, one refresh: callers that found the session invalidated while another caller's refresh was
/// finishing must take its session, not start a second refresh. The engine decided on the entry it read, then started
/// a refresh if none was in flight; when the first refresh settled in between, the late caller started another one
/// for the same invalidation (the demo's "invalidated/success 2, sessions issued 6" of a loaded CI pair).
/// </summary>
public class SettledRefreshRaceTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";

    [Fact]
    public async Task Invalidate_CallersRacingTheRefreshThatSettles_OneStsCallPerInvalidation()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sts = new FakeSts(time);
        using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false },
            source: null, sts, time, loggerFactory: null, timings: null);

        // STS answers on another thread a moment later, so the refresh settles while callers are still deciding.
        sts.Handler = async _ =>
        {
            await Task.Yield();
            return sts.Fresh();
        };

        const int Rounds = 5_000;
        const int Callers = 8;
        var extra = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var key = (await credentials.GetCredentialsAsync()).AccessKey;
            var before = sts.Calls;
            Assert.True(credentials.Invalidate(key));

            // Callers on their own threads (more than the cores), released together: the first to decide starts the
            // refresh, the others decide around the moment it settles.
            using var go = new Barrier(Callers);
            var callers = Enumerable.Range(0, Callers).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    go.SignalAndWait();
                    return credentials.GetCredentialsAsync().GetAwaiter().GetResult().AccessKey;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            var keys = await Task.WhenAll(callers);

            Assert.DoesNotContain(key, keys);
            extra += sts.Calls - before - 1;
        }

        Assert.Equal(0, extra);
    }
}
