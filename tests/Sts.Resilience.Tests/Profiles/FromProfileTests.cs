using Sts.Resilience.Credentials;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.Profiles;

public sealed class FromProfileTests : IDisposable
{
    private const string BaseKeys = "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingSts _sts;
    private readonly ProfileTestFiles _files;
    private readonly string _cacheDirectory;

    public FromProfileTests()
    {
        _sts = new RecordingSts(_time);
        _files = new ProfileTestFiles(
            config: """
                [profile a]
                role_arn = arn:aws:iam::111111111111:role/a
                source_profile = base
                duration_seconds = 7200
                role_session_name = hop-a
                [profile b]
                role_arn = arn:aws:iam::222222222222:role/b
                source_profile = a
                external_id = ext-b
                [profile c]
                role_arn = arn:aws:iam::333333333333:role/c
                source_profile = b
                role_session_name = hop-c
                duration_seconds = 1800
                [profile demo]
                role_arn = arn:aws:iam::123456789012:role/demo
                source_profile = base
                external_id = ext-1
                duration_seconds = 3600
                [profile mfa]
                role_arn = arn:aws:iam::123456789012:role/mfa
                source_profile = base
                mfa_serial = arn:aws:iam::123456789012:mfa/alice
                [profile ec2]
                role_arn = arn:aws:iam::123456789012:role/ec2
                credential_source = Ec2InstanceMetadata
                [profile ecs]
                role_arn = arn:aws:iam::123456789012:role/ecs
                credential_source = EcsContainer
                """,
            credentials: BaseKeys);
        _cacheDirectory = Path.Combine(_files.Directory, "cli-cache");
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task GetCredentialsAsync_ChainOfThree_EachHopAssumesWithThePreviousHopsCredentials()
    {
        using var sut = CreateSut("c");

        var credentials = await sut.GetCredentialsAsync();

        var calls = _sts.Calls;
        Assert.Equal(["arn:aws:iam::111111111111:role/a", "arn:aws:iam::222222222222:role/b", "arn:aws:iam::333333333333:role/c"], calls.Select(c => c.Request.RoleArn));
        Assert.Equal("AKIAIOSFODNN7EXAMPLE", calls[0].SignedWithAccessKeyId);
        Assert.Equal("ASIA0000000000000001", calls[1].SignedWithAccessKeyId);
        Assert.Equal("ASIA0000000000000002", calls[2].SignedWithAccessKeyId);
        Assert.Equal("ASIA0000000000000003", credentials.AccessKey);
        Assert.Equal([7200, 3600, 1800], calls.Select(c => c.Request.DurationSeconds));
        Assert.Equal(["hop-a", null, "hop-c"], calls.Select(c => c.Request.RoleSessionName.StartsWith("sts-resilience-", StringComparison.Ordinal) ? null : c.Request.RoleSessionName));
        Assert.Equal([null, "ext-b", null], calls.Select(c => c.Request.ExternalId));
    }

    [Fact]
    public async Task GetCredentialsAsync_ChainRefreshedTwice_KeepsOneStsClientPerHop()
    {
        using var sut = CreateSut("c");
        await sut.GetCredentialsAsync();

        _time.Advance(TimeSpan.FromMinutes(29)); // c lives 30 minutes: inside its mandatory window now
        await sut.GetCredentialsAsync();

        Assert.Equal(3, _sts.ClientsCreatedFor.Count);
        Assert.Equal(["arn:aws:iam::111111111111:role/a", "arn:aws:iam::222222222222:role/b", "arn:aws:iam::333333333333:role/c"], _sts.ClientsCreatedFor.Select(o => o.RoleArn));
        Assert.Equal(4, _sts.Calls.Count); // c again; a and b still valid (2 h and 1 h)
        Assert.Equal("arn:aws:iam::333333333333:role/c", _sts.Calls[3].Request.RoleArn);
    }

    [Fact]
    public void FromProfile_ExposesTheResolvedChain()
    {
        using var sut = CreateSut("c");

        Assert.Equal("base -> a -> b -> c", sut.ProfileChain?.Describe());
    }

    [Fact]
    public async Task GetCredentialsAsync_OptionsSetInCode_WinOverTheProfile()
    {
        using var sut = CreateSut("c", o =>
        {
            o.RoleSessionName = "from-code";
            o.Duration = TimeSpan.FromMinutes(20);
        });

        await sut.GetCredentialsAsync();

        var last = _sts.Calls[^1].Request;
        Assert.Equal(("from-code", 1200), (last.RoleSessionName, last.DurationSeconds));
    }

    [Fact]
    public async Task GetCredentialsAsync_ProfileWithRoleArnInOptions_UsesTheProfileAsSourceOnly()
    {
        using var sut = CreateSut("a", o => o.RoleArn = "arn:aws:iam::444444444444:role/outer");

        var credentials = await sut.GetCredentialsAsync();

        Assert.Equal(["arn:aws:iam::111111111111:role/a", "arn:aws:iam::444444444444:role/outer"], _sts.Calls.Select(c => c.Request.RoleArn));
        Assert.Equal("ASIA0000000000000001", _sts.Calls[1].SignedWithAccessKeyId);
        Assert.Equal("ASIA0000000000000002", credentials.AccessKey);
    }

    [Fact]
    public async Task GetCredentialsAsync_StaticProfileAsSourceOfAnExplicitRole_SignsWithItsKeys()
    {
        using var sut = CreateSut("base", o => o.RoleArn = "arn:aws:iam::444444444444:role/outer");

        await sut.GetCredentialsAsync();

        Assert.Equal("AKIAIOSFODNN7EXAMPLE", Assert.Single(_sts.Calls).SignedWithAccessKeyId);
    }

    [Theory]
    [InlineData("ec2", "credential_source = Ec2InstanceMetadata (profile 'ec2')")]
    [InlineData("ecs", "credential_source = EcsContainer (profile 'ecs')")]
    public void FromProfile_CredentialSource_DefersTheSdkProviderUntilFirstUse(string profile, string description)
    {
        using var sut = CreateSut(profile);

        // Building the SDK's instance-metadata or container provider already reaches for its endpoint: not before a role is assumed.
        var source = Assert.IsType<DeferredAWSCredentials>(Assert.Single(_sts.ClientsCreatedFor).SourceCredentials);
        Assert.Equal(description, source.Description);
        Assert.False(source.IsCreated);
    }

    [Fact]
    public async Task GetCredentialsAsync_MfaProfile_SendsSerialAndTheCodeFromTheProvider()
    {
        using var sut = CreateSut("mfa", o => o.MfaTokenCodeProvider = _ => new ValueTask<string>("123456"));

        await sut.GetCredentialsAsync();

        var request = Assert.Single(_sts.Calls).Request;
        Assert.Equal(("arn:aws:iam::123456789012:mfa/alice", "123456"), (request.SerialNumber, request.TokenCode));
    }

    [Fact]
    public async Task GetCredentialsAsync_MfaProfileWithoutProviderOrCache_ExplainsWhatToSet()
    {
        using var sut = CreateSut("mfa");

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => sut.GetCredentialsAsync());

        var all = string.Join(" | ", Flatten(ex).Select(e => e.Message));
        Assert.Contains("mfa_serial", all, StringComparison.Ordinal);
        Assert.Contains("MfaTokenCodeProvider", all, StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public void Ctor_ProfileThatDoesNotExist_ThrowsProfileConfigurationException()
    {
        var ex = Assert.Throws<ProfileConfigurationException>(() => CreateSut("nope"));

        Assert.Equal("nope", ex.ProfileName);
    }

    [Fact]
    public void Ctor_ProfileAndSourceCredentials_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => CreateSut("a", o => o.SourceCredentials = new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "x")));

        Assert.Contains("Profile and SourceCredentials are both set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_DisposesTheInnerHops()
    {
        var sut = CreateSut("c");
        var hops = sut.ProfileHops;

        sut.Dispose();

        Assert.Equal(2, hops.Count);
        Assert.All(hops, hop => Assert.Throws<ObjectDisposedException>(() => ((RefreshingRoleCredentials)hop).GetCredentials()));
    }

    [Fact]
    public async Task GetCredentialsAsync_WithCliCache_SecondInstanceMakesNoAssumeRoleCall()
    {
        using (var first = CreateSut("demo", UseCache))
        {
            await first.GetCredentialsAsync();
        }

        Assert.Single(_sts.Calls);
        using var second = CreateSut("demo", UseCache);

        var credentials = await second.GetCredentialsAsync();

        Assert.Single(_sts.Calls);
        Assert.Equal("ASIA0000000000000001", credentials.AccessKey);
        Assert.Equal("TOKEN/ASIA0000000000000001", credentials.Token);
    }

    [Fact]
    public async Task GetCredentialsAsync_WithCliCache_WritesTheCliFileName()
    {
        using var sut = CreateSut("demo", UseCache);

        await sut.GetCredentialsAsync();

        // The worked example: {"DurationSeconds": 3600, "ExternalId": "ext-1", "RoleArn": "arn:aws:iam::123456789012:role/demo"}
        Assert.Equal(Path.Combine(_cacheDirectory, "311d2ff220ef84dfbcb1e4b69d1b3ea4b324e998.json"), sut.CliCacheEntryPath);
        Assert.True(File.Exists(sut.CliCacheEntryPath));
    }

    [Fact]
    public async Task GetCredentialsAsync_SessionTheCliCached_IsUsedEvenForAnMfaProfileWithoutProvider()
    {
        // What `aws sts get-caller-identity --profile mfa` leaves behind: the CLI's own serializer writes "UTC".
        var key = CliCacheKey.Compute(new CliCacheKeyArguments("arn:aws:iam::123456789012:role/mfa") { SerialNumber = "arn:aws:iam::123456789012:mfa/alice" });
        Directory.CreateDirectory(_cacheDirectory);
        File.WriteAllText(Path.Combine(_cacheDirectory, key + ".json"), """
            {"Credentials": {"AccessKeyId": "ASIAFROMTHECLI000001", "SecretAccessKey": "cli-secret", "SessionToken": "cli-token", "Expiration": "2026-11-28T12:50:00UTC"}, "AssumedRoleUser": {"AssumedRoleId": "AROA:botocore-session-1", "Arn": "arn:aws:sts::123456789012:assumed-role/mfa/botocore-session-1"}, "ResponseMetadata": {"HTTPStatusCode": 200}}
            """);
        using var sut = CreateSut("mfa", UseCache);

        var credentials = await sut.GetCredentialsAsync();

        Assert.Equal("ASIAFROMTHECLI000001", credentials.AccessKey);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public async Task GetCredentialsAsync_CachedSessionWithUnderFifteenMinutes_CallsStsAndRewritesTheEntry()
    {
        var key = CliCacheKey.Compute(new CliCacheKeyArguments("arn:aws:iam::123456789012:role/demo") { ExternalId = "ext-1", DurationSeconds = 3600 });
        new CliSessionCache(_cacheDirectory, _time).Write(key, new CliCachedSession("ASIAALMOSTGONE000001", "s", "t", _time.GetUtcNow().AddMinutes(14)));
        using var sut = CreateSut("demo", UseCache);

        var credentials = await sut.GetCredentialsAsync();

        Assert.Single(_sts.Calls);
        Assert.Equal("ASIA0000000000000001", credentials.AccessKey);
        Assert.Equal("ASIA0000000000000001", new CliSessionCache(_cacheDirectory, _time).TryRead(key)?.AccessKeyId);
    }

    [Fact]
    public async Task GetCredentialsAsync_CacheOff_WritesNothing()
    {
        using var sut = CreateSut("demo", o => o.CliCacheDirectory = _cacheDirectory);

        await sut.GetCredentialsAsync();

        Assert.False(Directory.Exists(_cacheDirectory));
        Assert.Null(sut.CliCacheEntryPath);
    }

    [Fact]
    public async Task GetCredentialsAsync_CliCacheWithoutAProfile_SharesTheSessionToo()
    {
        RefreshingRoleCredentials Create() => RoleCredentialsFactory.Create(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = "arn:aws:iam::123456789012:role/plain",
                SourceCredentials = new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "secret"),
                UseCliCache = true,
                CliCacheDirectory = _cacheDirectory,
                BackgroundRefresh = false,
            },
            new CredentialEnvironment { StsClientFactory = _sts.Create },
            _time,
            loggerFactory: null);

        using (var first = Create())
        {
            await first.GetCredentialsAsync();
        }

        using var second = Create();
        await second.GetCredentialsAsync();

        Assert.Single(_sts.Calls);
        var expected = CliCacheKey.FileName(new CliCacheKeyArguments("arn:aws:iam::123456789012:role/plain"));
        Assert.Equal(Path.Combine(_cacheDirectory, expected), second.CliCacheEntryPath);
    }

    private static IEnumerable<Exception> Flatten(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private void UseCache(RefreshingRoleCredentialsOptions options)
    {
        options.UseCliCache = true;
        options.CliCacheDirectory = _cacheDirectory;
    }

    private RefreshingRoleCredentials CreateSut(string profile, Action<RefreshingRoleCredentialsOptions>? configure = null)
    {
        var options = new RefreshingRoleCredentialsOptions
        {
            Profile = profile,
            BackgroundRefresh = false,
        };
        configure?.Invoke(options);
        return RoleCredentialsFactory.Create(options, new CredentialEnvironment { ProfileStore = _files.Load(), StsClientFactory = _sts.Create }, _time, loggerFactory: null);
    }
}

public class ProfileOptionsDefaultsTests
{
    [Fact]
    public void Ctor_Ok_ProfileAndCacheOptionsAreOff()
    {
        var options = new RefreshingRoleCredentialsOptions();

        Assert.Null(options.Profile);
        Assert.False(options.UseCliCache);
        Assert.Null(options.CliCacheDirectory);
    }

    [Fact]
    public void OptionsType_Ok_CarriesNoInternalTestHooks()
    {
        // The profile store and STS client factory tests need live in CredentialEnvironment, not on the public options.
        var hidden = typeof(RefreshingRoleCredentialsOptions)
            .GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(p => p.Name);

        Assert.Empty(hidden);
    }

    [Fact]
    public void Validate_ProfileWithoutRoleArn_IsValid()
    {
        new RefreshingRoleCredentialsOptions { Profile = "dev" }.Validate();
    }

    [Fact]
    public void Validate_NeitherRoleArnNorProfile_StillRequiresRoleArn()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RefreshingRoleCredentialsOptions().Validate());

        Assert.Contains("RoleArn is required.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyProfile_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RefreshingRoleCredentialsOptions { Profile = " " }.Validate());

        Assert.Contains("Profile must not be empty when set.", ex.Message, StringComparison.Ordinal);
    }
}
