using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.WebIdentity;

public class AssumeRoleWithWebIdentityTests
{
    private static AmazonSecurityTokenServiceClient AnonymousClient(LocalSts sts)
    {
        var config = sts.CreateStsConfig();
        config.MaxErrorRetry = 0;
        return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
    }

    private static Task<AssumeRoleWithWebIdentityResponse> AssumeAsync(LocalSts sts, string roleArn, string token, int? duration = null)
    {
        using var client = AnonymousClient(sts);
        return client.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = roleArn,
            RoleSessionName = "pod",
            WebIdentityToken = token,
            DurationSeconds = duration,
        });
    }

    private static Dictionary<string, object> Claims(LocalSts sts, DateTimeOffset now) => new(StringComparer.Ordinal)
    {
        ["iss"] = sts.WebIdentityIssuer,
        ["sub"] = LocalSts.DefaultWebIdentitySubject,
        ["aud"] = LocalSts.DefaultWebIdentityAudience,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["nbf"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
    };

    private static async Task<AmazonSecurityTokenServiceException> RejectedAsync(LocalStsFixture f, string token, string? roleArn = null)
        => await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => AssumeAsync(f.Sts, roleArn ?? f.Role.Arn, token));

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TokenFromLocalSts_UnsignedCall_SessionWorksOnStsAndS3()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var token = f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(24));

        var response = await AssumeAsync(f.Sts, f.Role.Arn, token, duration: 900);

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(LocalSts.DefaultWebIdentitySubject, response.SubjectFromWebIdentityToken);
        Assert.Equal(LocalSts.DefaultWebIdentityAudience, response.Audience);
        Assert.Equal($"arn:aws:iam::123456789012:oidc-provider/127.0.0.1:{f.Sts.Port}/oidc", response.Provider);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/app/pod", response.AssumedRoleUser.Arn);
        Assert.Equal(f.Sts.UtcNow.AddSeconds(900).ToUnixTimeSeconds(), new DateTimeOffset(response.Credentials.Expiration!.Value.ToUniversalTime()).ToUnixTimeSeconds(), 1.0);
        using var sts = f.Sts.CreateStsClient(response.Credentials.ToSdk());
        var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(response.AssumedRoleUser.Arn, caller.Arn);
        using var s3 = f.Sts.CreateS3Client(response.Credentials.ToSdk());
        await s3.ListBucketsAsync();
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.AssumeRoleWithWebIdentity));
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_JwtExpired_ExpiredTokenExceptionWithStsWording()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var token = f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromMinutes(10));
        var exp = f.Sts.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        f.Time.Advance(TimeSpan.FromMinutes(10));

        var ex = await RejectedAsync(f, token);

        Assert.Equal("ExpiredTokenException", ex.ErrorCode);
        Assert.Equal(400, (int)ex.StatusCode);
        Assert.Equal($"Token expired: current date/time {f.Sts.UtcNow.ToUnixTimeSeconds()} must be before the expiration date/time {exp}", ex.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TamperedPayload_InvalidIdentityToken()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var parts = f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(1)).Split('.');
        var other = f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(2)).Split('.');

        var ex = await RejectedAsync(f, $"{parts[0]}.{other[1]}.{parts[2]}");

        Assert.Equal("InvalidIdentityToken", ex.ErrorCode);
        Assert.Equal(400, (int)ex.StatusCode);
        Assert.StartsWith("The web identity token that was passed could not be validated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_SignedWithAnotherKey_InvalidIdentityToken()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var key = RSA.Create(2048);
        f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(1));

        var ex = await RejectedAsync(f, f.Sts.WebIdentityTokens.Create(Claims(f.Sts, f.Sts.UtcNow), key: key));

        Assert.Equal("InvalidIdentityToken", ex.ErrorCode);
        Assert.StartsWith("The web identity token that was passed could not be validated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iss", "https://token.actions.githubusercontent.com", "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com")]
    [InlineData("aud", "sts.amazon.com", "Incorrect token audience")]
    public async Task AssumeRoleWithWebIdentity_WrongClaim_InvalidIdentityTokenWithStsMessage(string claim, string value, string message)
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(1));
        var claims = Claims(f.Sts, f.Sts.UtcNow);
        claims[claim] = value;

        var ex = await RejectedAsync(f, f.Sts.WebIdentityTokens.Create(claims));

        Assert.Equal("InvalidIdentityToken", ex.ErrorCode);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_NotYetValid_InvalidIdentityToken()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(1));
        var claims = Claims(f.Sts, f.Sts.UtcNow);
        claims["nbf"] = f.Sts.UtcNow.AddMinutes(10).ToUnixTimeSeconds();

        var ex = await RejectedAsync(f, f.Sts.WebIdentityTokens.Create(claims));

        Assert.Equal("InvalidIdentityToken", ex.ErrorCode);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_NotAJwt_InvalidIdentityToken()
    {
        await using var f = await LocalStsFixture.StartAsync();

        var ex = await RejectedAsync(f, "not-a-jwt-at-all");

        Assert.Equal("InvalidIdentityToken", ex.ErrorCode);
        Assert.StartsWith("The ID Token provided is not a valid JWT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TokenForAnotherRole_AccessDenied()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var other = f.Sts.CreateRole("other");
        var token = f.Sts.CreateWebIdentityToken(other, TimeSpan.FromHours(1), subject: "system:serviceaccount:ns:other");

        var ex = await RejectedAsync(f, token);

        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", ex.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_DurationAboveRoleMaximum_ValidationError()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var token = f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => AssumeAsync(f.Sts, f.Role.Arn, token, duration: 7200));

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", ex.Message);
    }

    [Theory]
    [InlineData(LocalStsFault.IdpCommunicationError, "IDPCommunicationError", 400)]
    [InlineData(LocalStsFault.IdpRejectedClaim, "IDPRejectedClaim", 403)]
    [InlineData(LocalStsFault.Throttling, "Throttling", 400)]
    public async Task FailNext_AssumeRoleWithWebIdentity_StsErrorOnceThenSuccess(LocalStsFault fault, string code, int status)
    {
        await using var f = await LocalStsFixture.StartAsync();
        var token = f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(1));
        f.Sts.Faults.FailNext(LocalStsActions.AssumeRoleWithWebIdentity, fault);

        var ex = await RejectedAsync(f, token);
        var next = await AssumeAsync(f.Sts, f.Role.Arn, token);

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(status, (int)ex.StatusCode);
        Assert.NotNull(next.Credentials);
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.AssumeRoleWithWebIdentity, code));
    }

    [Fact]
    public async Task StsOutage_CoversAssumeRoleWithWebIdentity()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var token = f.Sts.CreateWebIdentityToken(f.Role, TimeSpan.FromHours(1));
        f.Sts.Faults.StartOutage(TimeSpan.FromMinutes(5));

        var ex = await RejectedAsync(f, token);
        f.Time.Advance(TimeSpan.FromMinutes(5));
        var next = await AssumeAsync(f.Sts, f.Role.Arn, token);

        Assert.Equal(503, (int)ex.StatusCode);
        Assert.NotNull(next.Credentials);
    }

    [Fact]
    public async Task WriteWebIdentityTokenFile_RewritesAtEightyPercentOfTheLifetime_BothTokensWork()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"localsts-token-{Guid.NewGuid():N}");
        try
        {
            using var file = f.Sts.WriteWebIdentityTokenFile(path, f.Role, TimeSpan.FromHours(1));
            var first = await File.ReadAllTextAsync(path);

            f.Time.Advance(TimeSpan.FromMinutes(47));
            Assert.Equal(first, await File.ReadAllTextAsync(path));
            f.Time.Advance(TimeSpan.FromMinutes(1));
            var second = await File.ReadAllTextAsync(path);

            Assert.NotEqual(first, second);
            Assert.Equal(second, file.Token);
            Assert.Equal(1, file.Rotations);
            Assert.NotNull((await AssumeAsync(f.Sts, f.Role.Arn, first)).Credentials);
            Assert.NotNull((await AssumeAsync(f.Sts, f.Role.Arn, second)).Credentials);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
