using Sts.Resilience.Credentials;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>These tests change process-wide environment variables, so nothing else runs beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentVariableTests
{
    public const string Name = "Environment variables";
}

[Collection(EnvironmentVariableTests.Name)]
public sealed class ProfileEnvironmentTests : IDisposable
{
    private static readonly string[] Variables = ["AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "HOME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Fact]
    public void Load_HonoursAwsConfigFileAndAwsSharedCredentialsFile()
    {
        using var files = new ProfileTestFiles(
            config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n",
            credentials: "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = secret\n");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", files.ConfigPath);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", files.CredentialsPath);

        var chain = RoleProfileResolver.Resolve(SharedProfileStore.Load(), "dev");

        Assert.Equal(files.ConfigPath, chain.Target.RoleArnLocation.FilePath);
        Assert.Equal(files.CredentialsPath, chain.Source.Location.FilePath);
    }

    [Fact]
    public void Load_EnvironmentChangedAfterFirstUse_ReadsTheNewFiles()
    {
        // The SDK's SharedCredentialsFile reads these variables once per process; this reader does not.
        using var first = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::111111111111:role/first\ncredential_source = Environment\n");
        using var second = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::222222222222:role/second\ncredential_source = Environment\n");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", first.ConfigPath);
        Assert.Equal("arn:aws:iam::111111111111:role/first", RoleProfileResolver.Resolve(SharedProfileStore.Load(), "dev").Target.RoleArn);

        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", second.ConfigPath);

        Assert.Equal("arn:aws:iam::222222222222:role/second", RoleProfileResolver.Resolve(SharedProfileStore.Load(), "dev").Target.RoleArn);
    }

    [Fact]
    public void Resolve_NoProfileName_UsesAwsProfile()
    {
        using var files = new ProfileTestFiles(config: "[profile from-env]\nrole_arn = arn:aws:iam::123456789012:role/env\ncredential_source = EcsContainer\n[default]\nrole_arn = arn:aws:iam::123456789012:role/default\ncredential_source = EcsContainer\n");
        Environment.SetEnvironmentVariable("AWS_PROFILE", "from-env");

        Assert.Equal("from-env", RoleProfileResolver.Resolve(SharedProfileStore.Load(files.Locations)).ProfileName);
    }

    [Fact]
    public void Resolve_NoProfileNameAndNoAwsProfile_UsesDefault()
    {
        using var files = new ProfileTestFiles(config: "[default]\nrole_arn = arn:aws:iam::123456789012:role/default\ncredential_source = EcsContainer\n");
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);

        Assert.Equal("default", RoleProfileResolver.Resolve(SharedProfileStore.Load(files.Locations)).ProfileName);
    }

    [Fact]
    public void FromEnvironment_NoVariables_UsesDotAwsUnderHome()
    {
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", null);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", null);
        Environment.SetEnvironmentVariable("HOME", "/home/someone");

        var locations = ProfileFileLocations.FromEnvironment();

        Assert.Equal(Path.Combine("/home/someone", ".aws", "config"), locations.ConfigFilePath);
        Assert.Equal(Path.Combine("/home/someone", ".aws", "credentials"), locations.CredentialsFilePath);
        Assert.Equal(Path.Combine("/home/someone", ".aws", "cli", "cache"), CliSessionCache.DefaultDirectory());
    }

    [Fact]
    public void FromEnvironment_TildeInVariable_ExpandsToHome()
    {
        Environment.SetEnvironmentVariable("HOME", "/home/someone");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "~/work/aws-config");

        Assert.Equal(Path.Combine("/home/someone", "work/aws-config"), ProfileFileLocations.FromEnvironment().ConfigFilePath);
    }

    [Fact]
    public async Task FromProfile_NoName_UsesAwsProfileFromTheFilesTheEnvironmentNames()
    {
        using var files = new ProfileTestFiles(
            config: "[profile team]\nrole_arn = arn:aws:iam::123456789012:role/team\nsource_profile = base\nduration_seconds = 5400\n",
            credentials: "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = secret\n");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", files.ConfigPath);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", files.CredentialsPath);
        Environment.SetEnvironmentVariable("AWS_PROFILE", "team");
        var sts = new RecordingSts(TimeProvider.System);
        using var sut = RoleCredentialsFactory.FromProfile(null, o => o.BackgroundRefresh = false, null, null, new CredentialEnvironment { StsClientFactory = sts.Create });

        await sut.GetCredentialsAsync();

        var call = Assert.Single(sts.Calls);
        Assert.Equal(("arn:aws:iam::123456789012:role/team", 5400, "AKIAIOSFODNN7EXAMPLE"), (call.Request.RoleArn, call.Request.DurationSeconds, call.SignedWithAccessKeyId));
    }

    [Fact]
    public async Task FromProfile_CredentialSourceEnvironment_SignsWithTheEnvironmentKeys()
    {
        using var files = new ProfileTestFiles(config: "[profile env]\nrole_arn = arn:aws:iam::123456789012:role/env\ncredential_source = Environment\n");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", files.ConfigPath);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "environment-secret");
        var sts = new RecordingSts(TimeProvider.System);
        using var sut = RoleCredentialsFactory.FromProfile("env", o => o.BackgroundRefresh = false, null, null, new CredentialEnvironment { StsClientFactory = sts.Create });

        await sut.GetCredentialsAsync();

        Assert.Equal("AKIAENVIRONMENT00001", Assert.Single(sts.Calls).SignedWithAccessKeyId);
    }

    [Fact]
    public void FromProfile_MissingProfile_NamesTheFilesTheEnvironmentPointsAt()
    {
        using var files = new ProfileTestFiles(config: "[profile other]\nregion = eu-west-1\n");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", files.ConfigPath);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", files.CredentialsPath);

        var ex = Assert.Throws<ProfileConfigurationException>(() => RefreshingRoleCredentials.FromProfile("missing"));

        Assert.Contains(files.ConfigPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains(files.CredentialsPath, ex.Message, StringComparison.Ordinal);
    }
}
