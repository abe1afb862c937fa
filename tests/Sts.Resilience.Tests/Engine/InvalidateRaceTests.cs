using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.Engine;

/// <summary>
/// <see cref="RefreshingCredentials.Invalidate"/> against a second caller rejected with the same key: once that caller
/// can see the key is stale (what <c>ExpiredTokenRetry</c> checks before it re-signs), the hot path must no longer
/// hand the key out. The engine used to mark the entry invalidated first and clear the hot path after, so a caller
/// landing between the two re-signed with the revoked key and failed its one retry (the 64-caller retry flake).
/// </summary>
public class InvalidateRaceTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";

    [Fact]
    public async Task Invalidate_SecondCallerSeesTheKeyStale_NeverGetsThatKeyFromTheHotPath()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sts = new FakeSts(time);
        using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false },
            source: null, sts, time, loggerFactory: null, timings: null);

        // The old order was caught in 1 to 32 of 20,000 rounds, depending on the load (1 of 4,000 on a quiet machine): 12,000 rounds (10 to 45 s, by load) caught it in each of 3 runs (6, 7 and 11 times).
        const int Rounds = 12_000;
        var servedStale = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // A fresh session, answered by the hot path.
            var key = (await credentials.GetCredentialsAsync()).AccessKey;
            Assert.Equal(key, credentials.GetCredentials().AccessKey);

            using var go = new Barrier(2);
            var invalidator = Task.Factory.StartNew(
                () =>
                {
                    go.SignalAndWait();
                    credentials.Invalidate(key);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            // The second caller: it waits until the key is known stale, then re-signs at once.
            go.SignalAndWait();
            var spins = 0;
            while (!credentials.IsKnownStale(key) && ++spins < 10_000_000)
            {
            }

            Assert.True(credentials.IsKnownStale(key), "the key never became stale");
            if (credentials.GetCredentials().AccessKey == key)
            {
                servedStale++;
            }

            await invalidator;
        }

        Assert.Equal(0, servedStale);
    }
}
