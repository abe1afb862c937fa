using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// Synchronous callers of the role front against LocalSts: on the .NET 8+ build the refresh goes through the SDK's
/// synchronous AssumeRole (issue 13, defect 4), and must learn STS's clock and classify errors as the async path does.
/// </summary>
public sealed class SynchronousAssumeRoleTests
{
    [Fact]
    public async Task GetCredentials_LocalClockTenMinutesBehindSts_LearnsStsClockFromTheSynchronousResponse()
    {
        var stsTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow()); // STS on true time: the SDK signs with it
        var local = new FakeTimeProvider(stsTime.GetUtcNow() - TimeSpan.FromMinutes(10));
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = stsTime });
        var user = sts.CreateUser("app");
        var role = sts.CreateRole("app-role");
        await using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions
        {
            RoleArn = role.Arn,
            RoleSessionName = "sync",
            ServiceUrl = sts.ServiceUrl,
            Region = sts.Region,
            SourceCredentials = user.Credentials,
            BackgroundRefresh = false,
        }, timeProvider: local);

        credentials.GetCredentials();

        // STS's hour ends at STS's +1 h, which is the local clock's +1 h only when the Date header was read (skew +10 min).
        Assert.Equal((local.GetUtcNow() + TimeSpan.FromHours(1)).UtcDateTime, credentials.Expiration!.Value, TimeSpan.FromSeconds(2));
        Assert.Equal(1, sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task GetCredentials_RoleMayNotBeAssumed_ThrowsWhatStsSaidNotTheSdkWrapper()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = time });
        var user = sts.CreateUser("app");
        await using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions
        {
            RoleArn = "arn:aws:iam::123456789012:role/missing",
            RoleSessionName = "sync",
            ServiceUrl = sts.ServiceUrl,
            Region = sts.Region,
            SourceCredentials = user.Credentials,
            BackgroundRefresh = false,
        }, timeProvider: time);

        var error = Assert.Throws<Amazon.SecurityToken.AmazonSecurityTokenServiceException>(() => credentials.GetCredentials());

        Assert.Equal("AccessDenied", error.ErrorCode);
    }
}
