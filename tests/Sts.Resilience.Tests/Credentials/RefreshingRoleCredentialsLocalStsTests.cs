using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.DependencyInjection;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// RefreshingRoleCredentials with a real AWS SDK STS client, against LocalSts on 127.0.0.1 (which checks
/// SigV4 and expires sessions on the same fake clock), through several credential lifetimes.
/// </summary>
public sealed class RefreshingRoleCredentialsLocalStsTests
{
    /// <summary>
    /// A real SDK STS client for LocalSts. The fake session clock runs hours ahead of the wall clock the SDK signs with,
    /// and LocalSts's <c>Date</c> header carries the session clock: the SDK's own clock-skew correction would follow it
    /// and sign an hour in the future, so it is switched off (against real STS both clocks agree).
    /// </summary>
    private static AmazonSecurityTokenServiceClient StsClient(LocalSts sts, AWSCredentials credentials)
    {
        var config = sts.CreateStsConfig();
        config.DisableClockSkewCorrection = true;
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    [Fact]
    public async Task GetCallerIdentity_ThroughThreeLifetimes_EverySessionWorksAndTheOldOnesExpire()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = time });
        var user = sts.CreateUser("app");
        var role = sts.CreateRole("app-role");
        await using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = role.Arn,
                RoleSessionName = "lifetimes",
                Duration = TimeSpan.FromHours(1),
                BackgroundRefresh = false,
            },
            StsClient(sts, user.Credentials),
            timeProvider: time);
        using var client = StsClient(sts, credentials);

        var sessions = new List<ImmutableCredentials>();
        for (var lifetime = 0; lifetime < 3; lifetime++)
        {
            var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

            Assert.EndsWith(":assumed-role/app-role/lifetimes", identity.Arn, StringComparison.Ordinal);
            sessions.Add(await credentials.GetCredentialsAsync());
            Assert.True(credentials.Status.Expiration > time.GetUtcNow().AddMinutes(59), "each session is fresh when first used");

            // Thirty seconds before this session ends: inside the mandatory window, so the next call refreshes first.
            time.Advance(TimeSpan.FromMinutes(59.5));
        }

        Assert.Equal(3, sessions.Select(s => s.AccessKey).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.Equal(3, sts.Counters.Succeeded(LocalStsActions.GetCallerIdentity));

        // What the process would have hit with a copy of the first session: LocalSts now refuses it.
        var first = sessions[0];
        using var stale = StsClient(sts, new SessionAWSCredentials(first.AccessKey, first.SecretKey, first.Token));
        var rejected = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => stale.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", rejected.ErrorCode);
    }

    [Fact]
    public async Task GetCredentialsAsync_StsOutageInsideAdvisoryWindow_ServesCachedThenRecovers()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = time });
        var user = sts.CreateUser("app");
        // A role name of its own: the listener below hears the package's static meter, which every test shares.
        var role = sts.CreateRole("outage-" + Guid.NewGuid().ToString("N")[..12]);
        using var refreshes = new HostMeterListener(factory: null);
        await using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = role.Arn,
                BackgroundRefresh = false,
            },
            StsClient(sts, user.Credentials),
            timeProvider: time);
        var original = await credentials.GetCredentialsAsync();

        // 46 minutes into a 1-hour session: inside the 15-minute advisory window, still valid.
        time.Advance(TimeSpan.FromMinutes(46));
        sts.Faults.StartOutage(TimeSpan.FromHours(1));
        var duringOutage = await credentials.GetCredentialsAsync(TimeSpan.Zero, CancellationToken.None);
        // The advisory-window refresh runs in the background over real loopback HTTP: wait until its failure is counted.
        await refreshes.WaitForAsync(r => r.Role == role.Arn && r.Trigger == "advisory" && r.Outcome == "failure");

        Assert.Equal(original.AccessKey, duringOutage.AccessKey);
        Assert.True(credentials.Status.InBackoff, "a failed refresh backs off instead of retrying on every call");

        sts.Faults.EndOutage();
        // 59.5 minutes: past the longest backoff (600 s after minute 46) and inside the mandatory window.
        time.Advance(TimeSpan.FromMinutes(13.5));
        var recovered = await credentials.GetCredentialsAsync();

        Assert.NotEqual(original.AccessKey, recovered.AccessKey);
        Assert.Equal(2, sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }
}
