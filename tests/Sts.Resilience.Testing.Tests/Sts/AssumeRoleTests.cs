using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.Sts;

public class AssumeRoleTests
{
    [Fact]
    public async Task AssumeRole_ValidRequest_ReturnsTemporaryKeyExpiringOnTheFakeClock()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var issuedAt = f.Sts.UtcNow;

        var credentials = await f.AssumeRoleAsync();

        Assert.StartsWith("ASIA", credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(20, credentials.AccessKeyId.Length);
        Assert.Equal(40, credentials.SecretAccessKey.Length);
        Assert.True(credentials.SessionToken.Length > 300);
        var expiration = new DateTimeOffset(credentials.Expiration!.Value.ToUniversalTime(), TimeSpan.Zero);
        Assert.InRange(expiration - issuedAt, TimeSpan.FromSeconds(3599), TimeSpan.FromSeconds(3600));
    }

    [Fact]
    public async Task AssumeRole_Response_NamesTheAssumedRoleUser()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var response = await client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = f.Role.Arn,
            RoleSessionName = "build-42",
            SourceIdentity = "alice@example.com",
        });

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/app/build-42", response.AssumedRoleUser.Arn);
        Assert.Equal(f.Role.RoleId + ":build-42", response.AssumedRoleUser.AssumedRoleId);
        Assert.Equal("alice@example.com", response.SourceIdentity);
    }

    [Fact]
    public async Task GetCallerIdentity_WithAssumedRoleCredentials_ReportsTheAssumedRole()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = f.Sts.CreateStsClient(credentials.ToSdk());

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/app/test-session", identity.Arn);
        Assert.Equal("123456789012", identity.Account);
        Assert.Equal(f.Role.RoleId + ":test-session", identity.UserId);
    }

    [Fact]
    public async Task GetCallerIdentity_WithUserKey_ReportsTheUser()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(f.User.Arn, identity.Arn);
        Assert.Equal(f.User.UserId, identity.UserId);
    }

    [Fact]
    public async Task AssumedCredentials_FakeClockPastExpiration_ExpiredToken()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync(durationSeconds: 900);
        using var client = f.Sts.CreateStsClient(credentials.ToSdk());
        f.Time.Advance(TimeSpan.FromSeconds(899));
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        f.Time.Advance(TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("ExpiredToken", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
        Assert.Equal("The security token included in the request is expired", ex.Message);
    }

    [Fact]
    public async Task AssumeRole_FromRoleSessionAskingMoreThanOneHour_ValidationErrorWithStsText()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var second = f.Sts.CreateRole("second", o => o.MaxSessionDuration = TimeSpan.FromHours(12));
        var first = await f.AssumeRoleAsync();

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => f.AssumeRoleAsync(first.ToSdk(), second.Arn, 3601));

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", ex.Message);
    }

    [Fact]
    public async Task AssumeRole_FromRoleSessionForOneHour_Succeeds()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var second = f.Sts.CreateRole("second", o => o.MaxSessionDuration = TimeSpan.FromHours(12));
        var first = await f.AssumeRoleAsync();

        var chained = await f.AssumeRoleAsync(first.ToSdk(), second.Arn, 3600);

        Assert.StartsWith("ASIA", chained.AccessKeyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_AboveMaxSessionDuration_ValidationError()
    {
        await using var f = await LocalStsFixture.StartAsync();

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => f.AssumeRoleAsync(durationSeconds: 7200));

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", ex.Message);
    }

    [Theory]
    [InlineData(899, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")]
    [InlineData(43201, "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")]
    public async Task AssumeRole_DurationOutOfRange_ValidationError(int seconds, string message)
    {
        await using var f = await LocalStsFixture.StartAsync();

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => f.AssumeRoleAsync(durationSeconds: seconds));

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task AssumeRole_MinimumSessionDurationLowered_IssuesShortSessionsThatExpire()
    {
        await using var f = await LocalStsFixture.StartAsync(o => o.MinimumSessionDuration = TimeSpan.FromSeconds(30));
        var credentials = await f.AssumeRoleAsync(durationSeconds: 30);
        using var client = f.Sts.CreateStsClient(credentials.ToSdk());
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        f.Time.Advance(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", ex.ErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-id")]
    public async Task AssumeRole_RoleRequiresExternalIdNotGiven_AccessDenied(string? externalId)
    {
        await using var f = await LocalStsFixture.StartAsync();
        var role = f.Sts.CreateRole("partner", o => o.ExternalId = "expected-id");
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "s1",
            ExternalId = externalId,
        }));

        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
        Assert.Equal($"User: {f.User.Arn} is not authorized to perform: sts:AssumeRole on resource: {role.Arn}", ex.Message);
    }

    [Fact]
    public async Task AssumeRole_RightExternalId_Succeeds()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var role = f.Sts.CreateRole("partner", o => o.ExternalId = "expected-id");
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "s1", ExternalId = "expected-id" });

        Assert.NotNull(response.Credentials);
    }

    [Fact]
    public async Task AssumeRole_CallerNotTrusted_AccessDenied()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var bob = f.Sts.CreateUser("bob");
        var role = f.Sts.CreateRole("bobs-role", o => o.TrustedPrincipals.Add(bob.Arn));

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => f.AssumeRoleAsync(roleArn: role.Arn));
        var asBob = await f.AssumeRoleAsync(bob.Credentials, role.Arn);

        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.NotNull(asBob.AccessKeyId);
    }

    [Fact]
    public async Task AssumeRole_UnknownRole_AccessDenied()
    {
        await using var f = await LocalStsFixture.StartAsync();

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => f.AssumeRoleAsync(roleArn: "arn:aws:iam::123456789012:role/nope"));

        Assert.Equal("AccessDenied", ex.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_InvalidSessionNameAndSourceIdentity_ReportsBothValidationErrors()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = f.Role.Arn,
            RoleSessionName = Runtime("has space"),
            SourceIdentity = Runtime("x"),
        }));

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Equal(
            "2 validation errors detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; " +
            "Value 'x' at 'sourceIdentity' failed to satisfy constraint: Member must have length greater than or equal to 2",
            ex.Message);
    }

    [Fact]
    public async Task AssumeRole_MoreThan50Tags_ValidationError()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = f.Role.Arn,
            RoleSessionName = "s1",
            Tags = Enumerable.Range(0, 51).Select(i => new Tag { Key = "k" + i, Value = "v" }).ToList(),
        }));

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Contains("'tags'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_PolicyTagsAndTransitiveKeys_SucceedsWithPackedPolicySize()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var response = await client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = f.Role.Arn,
            RoleSessionName = "s1",
            Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""",
            PolicyArns = [new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
            Tags = [new Tag { Key = "team", Value = "payments" }],
            TransitiveTagKeys = ["team"],
        });

#pragma warning disable CS0618 // The SDK marks PackedPolicySize obsolete but still parses it; STS still returns it.
        Assert.InRange(response.PackedPolicySize!.Value, 1, 100);
#pragma warning restore CS0618
    }

    [Fact]
    public async Task AssumeRole_PolicyNotJson_MalformedPolicyDocument()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var ex = await Assert.ThrowsAsync<MalformedPolicyDocumentException>(() => client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = f.Role.Arn,
            RoleSessionName = "s1",
            Policy = "{not json",
        }));

        Assert.Equal("MalformedPolicyDocument", ex.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_TransitiveKeyNotATag_InvalidParameterValue()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = f.Role.Arn,
            RoleSessionName = "s1",
            TransitiveTagKeys = ["team"],
        }));

        Assert.Equal("InvalidParameterValue", ex.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_RoleRequiresMfa_NeedsSerialAndSixDigitCode()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var role = f.Sts.CreateRole("admin", o => o.RequireMfa = true);
        using var client = f.Sts.CreateStsClient(f.User.Credentials);
        const string serial = "arn:aws:iam::123456789012:mfa/alice";

        var without = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "s1" }));
        var badCode = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "s1", SerialNumber = serial, TokenCode = Runtime("12a456") }));
        var ok = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "s1", SerialNumber = serial, TokenCode = "123456" });

        Assert.Equal("AccessDenied", without.ErrorCode);
        Assert.Equal("ValidationError", badCode.ErrorCode);
        Assert.NotNull(ok.Credentials);
    }

    /// <summary>Hides a constant from the SDK's own analyzers, which reject invalid literals at build time.</summary>
    private static string Runtime(string value) => new(value.ToCharArray());
}
