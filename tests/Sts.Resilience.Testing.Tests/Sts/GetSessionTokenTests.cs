using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.Sts;

public class GetSessionTokenTests
{
    [Fact]
    public async Task GetSessionToken_UserKey_Returns12HourSessionOfTheUser()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);
        var issuedAt = f.Sts.UtcNow;

        var response = await client.GetSessionTokenAsync(new GetSessionTokenRequest());
        using var sessionClient = f.Sts.CreateStsClient(response.Credentials.ToSdk());
        var identity = await sessionClient.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        var expiration = new DateTimeOffset(response.Credentials.Expiration!.Value.ToUniversalTime(), TimeSpan.Zero);
        Assert.InRange(expiration - issuedAt, TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(12));
        Assert.Equal(f.User.Arn, identity.Arn);
    }

    [Fact]
    public async Task GetSessionToken_WithSessionCredentials_AccessDenied()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = f.Sts.CreateStsClient(credentials.ToSdk());

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetSessionTokenAsync(new GetSessionTokenRequest()));

        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.Equal("Cannot call GetSessionToken with session credentials", ex.Message);
    }

    [Fact]
    public async Task GetSessionToken_DurationAbove36Hours_ValidationError()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            client.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = int.Parse("129601", System.Globalization.CultureInfo.InvariantCulture) }));

        Assert.Equal("ValidationError", ex.ErrorCode);
    }
}
