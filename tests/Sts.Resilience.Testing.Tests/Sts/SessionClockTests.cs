using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.Sts;

/// <summary>
/// The Date trap: LocalSts's Date header carries its fake session clock, and AWSSDK.Core 4.1 learns a clock correction
/// from every response's Date and signs with it. A default SDK client (clock-skew correction on) must keep working while
/// a test moves the session clock hours ahead, without DisableClockSkewCorrection.
/// </summary>
public class SessionClockTests
{
    [Fact]
    public async Task SessionClockMovedHoursAheadBetweenCalls_DefaultSdkClient_EveryCallSucceedsFirstTime()
    {
        await using var f = await LocalStsFixture.StartAsync(o => o.MinimumSessionDuration = TimeSpan.FromSeconds(900));
        using var client = f.Sts.CreateStsClient(f.User.Credentials);
        var config = (Amazon.SecurityToken.AmazonSecurityTokenServiceConfig)client.Config;
        Assert.False(config.DisableClockSkewCorrection);

        for (var i = 0; i < 4; i++)
        {
            var assumed = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = f.Role.Arn, RoleSessionName = "s" + i });
            using var s3 = f.Sts.CreateS3Client(assumed.Credentials.ToSdk());
            await s3.ListBucketsAsync();
            f.Time.Advance(TimeSpan.FromHours(2));
        }

        Assert.All(f.Sts.Requests, r => Assert.Equal(LocalStsOutcomes.Success, r.Outcome));
        Assert.Equal(8, f.Sts.Requests.Count);
    }

    [Fact]
    public async Task ClockSkewSetAfterTheSessionClockMoved_SignatureStillJudged()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        f.Time.Advance(TimeSpan.FromHours(3));
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        f.Sts.SetClockSkew(TimeSpan.FromMinutes(20));
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        // The SDK signed with the clock it had learned, was rejected, adopted the Date of the error and retried.
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.GetCallerIdentity, "SignatureDoesNotMatch"));
        Assert.Equal(3, f.Sts.Counters.Succeeded(LocalStsActions.GetCallerIdentity));
    }
}
