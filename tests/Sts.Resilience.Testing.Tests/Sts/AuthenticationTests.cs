using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.Sts;

/// <summary>Each SigV4 rejection, through the real STS client, with the exact code STS uses.</summary>
public class AuthenticationTests
{
    private static AmazonSecurityTokenServiceClient NoRetryClient(LocalSts sts, AWSCredentials credentials)
    {
        var config = sts.CreateStsConfig();
        config.MaxErrorRetry = 0;
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    private static async Task<AmazonSecurityTokenServiceException> CallerIdentityFails(AmazonSecurityTokenServiceClient client)
        => await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

    [Fact]
    public async Task UnknownAccessKey_InvalidClientTokenId()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = NoRetryClient(f.Sts, new BasicAWSCredentials("AKIAUNKNOWNUNKNOWN00", "secret"));

        var ex = await CallerIdentityFails(client);

        Assert.Equal("InvalidClientTokenId", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
        Assert.Equal("The security token included in the request is invalid.", ex.Message);
    }

    [Fact]
    public async Task WrongSecret_SignatureDoesNotMatch()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = NoRetryClient(f.Sts, new BasicAWSCredentials(f.User.AccessKeyId, f.User.SecretAccessKey[..^1] + "x"));

        var ex = await CallerIdentityFails(client);

        Assert.Equal("SignatureDoesNotMatch", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
    }

    [Fact]
    public async Task TemporaryKeyWithoutToken_InvalidClientTokenId()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey));

        var ex = await CallerIdentityFails(client);

        Assert.Equal("InvalidClientTokenId", ex.ErrorCode);
    }

    [Fact]
    public async Task TemporaryKeyWithAnotherSessionsToken_InvalidClientTokenId()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var first = await f.AssumeRoleAsync();
        var second = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, new SessionAWSCredentials(first.AccessKeyId, first.SecretAccessKey, second.SessionToken));

        var ex = await CallerIdentityFails(client);

        Assert.Equal("InvalidClientTokenId", ex.ErrorCode);
    }

    [Fact]
    public async Task LongTermKeyWithASessionToken_InvalidClientTokenId()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, new SessionAWSCredentials(f.User.AccessKeyId, f.User.SecretAccessKey, session.SessionToken));

        var ex = await CallerIdentityFails(client);

        Assert.Equal("InvalidClientTokenId", ex.ErrorCode);
    }

    [Fact]
    public async Task RevokeAllSessions_LaterCallsWithThem_ExpiredToken_NewSessionsWork()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var before = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, before.ToSdk());
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(1, f.Sts.RevokeAllSessions());
        var ex = await CallerIdentityFails(client);
        var after = await f.AssumeRoleAsync();
        using var newClient = NoRetryClient(f.Sts, after.ToSdk());

        Assert.Equal("ExpiredToken", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
        Assert.NotNull(await newClient.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
    }

    [Fact]
    public async Task RevokeSession_OnlyThatSessionStopsWorking()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var revoked = await f.AssumeRoleAsync();
        var kept = await f.AssumeRoleAsync();

        Assert.True(f.Sts.RevokeSession(revoked.AccessKeyId));
        using var revokedClient = NoRetryClient(f.Sts, revoked.ToSdk());
        using var keptClient = NoRetryClient(f.Sts, kept.ToSdk());

        Assert.Equal("ExpiredToken", (await CallerIdentityFails(revokedClient)).ErrorCode);
        Assert.NotNull(await keptClient.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.False(f.Sts.RevokeSession(f.User.AccessKeyId));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task ServerClockSkewedBeyondFiveMinutes_SignatureDoesNotMatchWithSignatureTimeMessage(int minutes)
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.SetClockSkew(TimeSpan.FromMinutes(minutes));
        using var client = NoRetryClient(f.Sts, f.User.Credentials);

        var ex = await CallerIdentityFails(client);

        Assert.Equal("SignatureDoesNotMatch", ex.ErrorCode);
        Assert.StartsWith(minutes > 0 ? "Signature expired: " : "Signature not yet current: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerClockSkewed_SdkCorrectsItsClockFromTheDateHeader_SecondAttemptSucceeds()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.SetClockSkew(TimeSpan.FromMinutes(20));
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(f.User.Arn, identity.Arn);
        Assert.Equal(["SignatureDoesNotMatch", LocalStsOutcomes.Success], f.Sts.Requests.Select(r => r.Outcome));
        // The correction the SDK learnt is process-wide: the fixture forgets it on dispose, so no later test inherits it.
        Assert.Contains(SdkClockCorrection.For(f.Sts.ServiceUrl), c => c > TimeSpan.FromMinutes(19));
        SdkClockCorrection.Forget(f.Sts.ServiceUrl);
        Assert.Empty(SdkClockCorrection.For(f.Sts.ServiceUrl));
    }

    [Fact]
    public async Task ServerClockSkewedFourMinutes_Accepted()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.SetClockSkew(TimeSpan.FromMinutes(4));
        using var client = NoRetryClient(f.Sts, f.User.Credentials);

        Assert.NotNull(await client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
    }

    [Fact]
    public async Task FakeClockHoursAhead_SignaturesStillCurrent_SessionsExpired()
    {
        // The session clock (TimeProvider) and the signature clock (SignatureClock, the wall clock by default)
        // are separate: the SDK signs with the wall clock while the test moves the fake clock.
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        f.Time.Advance(TimeSpan.FromHours(2));
        using var userClient = NoRetryClient(f.Sts, f.User.Credentials);
        using var sessionClient = NoRetryClient(f.Sts, credentials.ToSdk());

        Assert.NotNull(await userClient.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", (await CallerIdentityFails(sessionClient)).ErrorCode);
    }

    [Fact]
    public async Task ClientSignsForAnotherRegion_SignatureDoesNotMatch()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var config = f.Sts.CreateStsConfig();
        config.AuthenticationRegion = "eu-west-1";
        config.MaxErrorRetry = 0;
        using var client = new AmazonSecurityTokenServiceClient(f.User.Credentials, config);

        var ex = await CallerIdentityFails(client);

        Assert.Equal("SignatureDoesNotMatch", ex.ErrorCode);
        Assert.Equal("Credential should be scoped to a valid region. ", ex.Message);
    }

    [Fact]
    public async Task ClientWithOnlyServiceUrlAndAuthenticationRegion_Works()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = f.Sts.ServiceUrl, AuthenticationRegion = f.Sts.Region };
        using var client = new AmazonSecurityTokenServiceClient(f.User.Credentials, config);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(f.User.Arn, identity.Arn);
    }
}
