using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Profiles;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.TestSupport;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>
/// Issue 13, defect 8 ("one notion of now"): the CLI cache's freshness rule (an entry is used when it has at least
/// 15 minutes left) is judged by the engine's STS time, the local clock plus the skew STS's answers showed, not by the
/// local wall clock.
/// </summary>
public sealed class CliCacheClockTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sts-cli-clock-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>
    /// The application's clock is 20 minutes behind STS's; the engine has learned that from STS's Date. Another process
    /// then leaves a CLI cache entry with 10 minutes left by STS's clock (30 by the local one). Judged by the local clock
    /// it looked fresh, and the engine took a session due inside its mandatory window soon after; judged by the engine's
    /// STS time it is too short, and the refresh asks STS. Failed before: the refresh returned the cached entry.
    /// </summary>
    [Fact]
    public async Task Refresh_LocalClockBehindSts_CacheEntryShortByStsTimeIsNotUsed()
    {
        var stsClock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var local = new SteppedWallClock(stsClock) { Offset = TimeSpan.FromMinutes(-20) };
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = stsClock });
        var user = sts.CreateUser("base");
        var role = sts.CreateRole("cached");
        using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = role.Arn,
                SourceCredentials = user.Credentials,
                ServiceUrl = sts.ServiceUrl,
                Region = sts.Region,
                UseCliCache = true,
                CliCacheDirectory = _directory,
                BackgroundRefresh = false,
            },
            timeProvider: local);

        var first = await credentials.GetCredentialsAsync();
        Assert.Equal(TimeSpan.FromMinutes(20), credentials.Status.ClockSkew);

        var path = credentials.CliCacheEntryPath!;
        var doomed = new CliCachedSession("ASIAOTHERPROCESS0001", "secret", "token", stsClock.GetUtcNow().AddMinutes(10));
        Assert.True(new CliSessionCache(_directory, stsClock).Write(Path.GetFileNameWithoutExtension(path), doomed));

        Assert.True(credentials.Invalidate(first.AccessKey));
        var next = await credentials.GetCredentialsAsync();

        Assert.NotEqual(doomed.AccessKeyId, next.AccessKey);
        Assert.NotEqual(first.AccessKey, next.AccessKey);
        Assert.Equal(2, sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    /// <summary>The same entry, with the clocks agreeing, is used: the rule is STS's 15 minutes, not a stricter one.</summary>
    [Fact]
    public async Task Refresh_ClocksAgree_CacheEntryWithMoreThan15MinutesIsUsed()
    {
        var stsClock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = stsClock });
        var user = sts.CreateUser("base");
        var role = sts.CreateRole("cached");
        using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = role.Arn,
                SourceCredentials = user.Credentials,
                ServiceUrl = sts.ServiceUrl,
                Region = sts.Region,
                UseCliCache = true,
                CliCacheDirectory = _directory,
                BackgroundRefresh = false,
            },
            timeProvider: stsClock);

        var first = await credentials.GetCredentialsAsync();
        var path = credentials.CliCacheEntryPath!;
        var other = new CliCachedSession("ASIAOTHERPROCESS0001", "secret", "token", stsClock.GetUtcNow().AddMinutes(30));
        Assert.True(new CliSessionCache(_directory, stsClock).Write(Path.GetFileNameWithoutExtension(path), other));

        Assert.True(credentials.Invalidate(first.AccessKey));
        var next = await credentials.GetCredentialsAsync();

        Assert.Equal(other.AccessKeyId, next.AccessKey);
        Assert.Equal(1, sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }
}
