using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Credentials;
using Sts.Resilience.Profiles;
using Sts.Resilience.Retry;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Profiles;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// <see cref="RefreshingCredentials.FromDefaultChain"/>'s order and picks, each source served by LocalSts on 127.0.0.1.
/// The environment is a dictionary (never the process's <c>AWS_*</c> variables), and instance metadata is turned off
/// unless a test points it at LocalSts, so nothing can reach a real metadata address.
/// </summary>
public sealed class DefaultChainTests : IAsyncLifetime, IDisposable
{
    private const string EnvironmentKeyId = "AKIAENVIRONMENT00001";
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly ProfileTestFiles _files = new();
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private LocalSts _sts = null!;
    private LocalStsRole _role = null!;

    public DefaultChainTests()
    {
        _variables["HOME"] = _files.Directory;
        _variables["AWS_CONFIG_FILE"] = _files.ConfigPath;
        _variables["AWS_SHARED_CREDENTIALS_FILE"] = _files.CredentialsPath;
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
    }

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = _time });
        _role = _sts.CreateRole("app-role");
        _variables["AWS_ENDPOINT_URL_STS"] = _sts.ServiceUrl;
        _variables["AWS_REGION"] = _sts.Region;
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void FromDefaultChain_EnvironmentKeys_StaticKeysWithAStatusAndNoInvalidation()
    {
        SetEnvironmentKeys(token: "env-token");

        using var credentials = Resolve();

        var keys = credentials.GetCredentials();
        Assert.IsType<StaticRefreshingCredentials>(credentials);
        Assert.Equal((EnvironmentKeyId, "env-secret", "env-token"), (keys.AccessKey, keys.SecretKey, keys.Token));
        Assert.False(credentials.Invalidate(EnvironmentKeyId));
        Assert.Equal(EnvironmentKeyId, credentials.GetCredentials().AccessKey);
        Assert.Equal(_time.GetUtcNow() + StaticRefreshingCredentials.Horizon, credentials.Status.Expiration);
        Assert.Equal(RefreshCapability.Static, CredentialsInspector.GetCapability(credentials));
        Assert.Equal(CredentialOrigin.SessionCredentials, CredentialsInspector.GetOrigin(credentials));
    }

    [Fact]
    public void FromDefaultChain_EnvironmentKeysAndEverythingElse_EnvironmentKeysWin()
    {
        SetEnvironmentKeys(token: null);
        _variables["AWS_ROLE_ARN"] = _role.Arn;
        _variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = Path.Combine(_files.Directory, "token");
        File.WriteAllText(_files.CredentialsPath, "[default]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = s\n");

        using var credentials = Resolve();

        Assert.Equal(CredentialOrigin.BasicCredentials, CredentialsInspector.GetOrigin(credentials));
        Assert.Equal(EnvironmentKeyId, credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public async Task FromDefaultChain_WebIdentityVariablesAndADefaultProfile_WebIdentityFirstAsInTheSdk()
    {
        var tokenPath = Path.Combine(_files.Directory, "token");
        using var token = _sts.WriteWebIdentityTokenFile(tokenPath, _role, TimeSpan.FromHours(24));
        _variables["AWS_ROLE_ARN"] = _role.Arn;
        _variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenPath;
        _variables["AWS_ROLE_SESSION_NAME"] = "pod";
        File.WriteAllText(_files.CredentialsPath, "[default]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = s\n");

        await using var credentials = Resolve(o => o.ConfigureWebIdentity = w => w.BackgroundRefresh = false);

        Assert.IsType<RefreshingWebIdentityCredentials>(credentials);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/app-role/pod", await CallerArn(credentials));
    }

    [Fact]
    public async Task FromDefaultChain_RoleProfileNamedByAwsProfile_OurRoleCredentialsThroughTheStsVariable()
    {
        var user = _sts.CreateUser("base");
        File.WriteAllText(_files.ConfigPath, $"[profile app]\nrole_arn = {_role.Arn}\nrole_session_name = from-profile\nsource_profile = base\n");
        File.WriteAllText(_files.CredentialsPath, $"[base]\naws_access_key_id = {user.AccessKeyId}\naws_secret_access_key = {user.SecretAccessKey}\n");
        _variables["AWS_PROFILE"] = "app";

        await using var credentials = Resolve(o => o.ConfigureRole = r => r.BackgroundRefresh = false);

        Assert.IsType<RefreshingRoleCredentials>(credentials);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/app-role/from-profile", await CallerArn(credentials));
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task FromDefaultChain_RoleProfileWithCredentialSourceEcsContainer_ChainsFromOurContainerCredentials()
    {
        var taskRole = _sts.CreateRole("task-role");
        var endpoint = _sts.CreateContainerCredentials(taskRole);
        var target = _sts.CreateRole("target", o => o.TrustedPrincipals.Add(taskRole.Arn));
        _variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint.FullUri;
        _variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = endpoint.AuthorizationToken;
        File.WriteAllText(_files.ConfigPath, $"[default]\nrole_arn = {target.Arn}\nrole_session_name = on-task\ncredential_source = EcsContainer\n");

        await using var credentials = Resolve(o => o.ConfigureRole = r => r.BackgroundRefresh = false);

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/target/on-task", await CallerArn(credentials));
        var role = Assert.IsType<RefreshingRoleCredentials>(credentials);
        var deferred = Assert.IsType<DeferredAWSCredentials>(Assert.Single(role.ProfileHops));
        Assert.IsType<RefreshingContainerCredentials>(deferred.Inner);
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
    }

    [Fact]
    public async Task FromDefaultChain_WebIdentityProfile_OurWebIdentityCredentials()
    {
        var tokenPath = Path.Combine(_files.Directory, "token");
        using var token = _sts.WriteWebIdentityTokenFile(tokenPath, _role, TimeSpan.FromHours(24));
        File.WriteAllText(_files.ConfigPath, $"[default]\nrole_arn = {_role.Arn}\nweb_identity_token_file = ~/token\nrole_session_name = wi-profile\n");

        await using var credentials = Resolve(o => o.ConfigureWebIdentity = w => w.BackgroundRefresh = false);

        Assert.IsType<RefreshingWebIdentityCredentials>(credentials);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/app-role/wi-profile", await CallerArn(credentials));
    }

    [Fact]
    public void FromDefaultChain_DefaultProfileWithKeys_StaticKeys()
    {
        File.WriteAllText(_files.CredentialsPath, "[default]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = s\n");

        using var credentials = Resolve();

        Assert.IsType<StaticRefreshingCredentials>(credentials);
        Assert.Equal("AKIAPROFILE000000001", credentials.GetCredentials().AccessKey);
        Assert.False(credentials.Invalidate("AKIAPROFILE000000001"));
    }

    [Fact]
    public void FromDefaultChain_AwsProfileThatDoesNotExist_StopsThere()
    {
        _variables["AWS_PROFILE"] = "missing";
        _variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/never-reached";

        var ex = Assert.Throws<ProfileConfigurationException>(() => Resolve());

        Assert.Equal(ProfileProblem.ProfileNotFound, ex.Problem);
    }

    [Fact]
    public async Task FromDefaultChain_NoProfileAndContainerVariables_OurContainerCredentials()
    {
        var endpoint = _sts.CreateContainerCredentials(_role);
        _variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint.FullUri;
        _variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = endpoint.AuthorizationToken;

        await using var credentials = Resolve(o => o.ConfigureContainer = c => c.BackgroundRefresh = false);

        Assert.IsType<RefreshingContainerCredentials>(credentials);
        Assert.Contains(":assumed-role/app-role/", await CallerArn(credentials), StringComparison.Ordinal);
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
    }

    [Fact]
    public async Task FromDefaultChain_InstanceMetadataAtLocalSts_OurInstanceProfileCredentials()
    {
        var imds = _sts.CreateInstanceMetadata(_role);
        _variables.Remove("AWS_EC2_METADATA_DISABLED");
        _variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.Endpoint;

        await using var credentials = Resolve(o => o.ConfigureInstanceProfile = i => i.BackgroundRefresh = false);

        Assert.IsType<RefreshingInstanceProfileCredentials>(credentials);
        Assert.Contains(":assumed-role/app-role/", await CallerArn(credentials), StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefaultChain_NothingConfigured_ExceptionListsEveryStepInOrder()
    {
        var ex = Assert.Throws<AmazonClientException>(() => Resolve());

        var lines = ex.Message.Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("1. Environment keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2. Web identity: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are not set", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"3. Profile 'default': not in {_files.ConfigPath}", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("4. Container endpoint:", lines[4], StringComparison.Ordinal);
        Assert.Equal("5. Instance metadata: turned off by AWS_EC2_METADATA_DISABLED=true.", lines[5]);
    }

    [Fact]
    public void FromDefaultChain_InstanceMetadataDoesNotAnswer_PassedOverWithItsError()
    {
        _variables.Remove("AWS_EC2_METADATA_DISABLED");
        _variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1";
        _variables["AWS_PROFILE"] = string.Empty;
        File.WriteAllText(_files.ConfigPath, "[default]\nregion = eu-west-1\n");

        var ex = Assert.Throws<AmazonClientException>(() => Resolve(o => o.ConfigureInstanceProfile = i => i.Timeout = TimeSpan.FromSeconds(1)));

        Assert.Contains("3. Profile 'default' (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("holds no credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains("5. Instance metadata (http://127.0.0.1:1", ex.Message, StringComparison.Ordinal);
    }

    private RefreshingCredentials Resolve(Action<RefreshingCredentialsChainOptions>? configure = null) =>
        DefaultCredentialChain.Resolve(
            new CredentialEnvironment { GetVariable = name => _variables.TryGetValue(name, out var value) ? value : null },
            configure,
            _time,
            loggerFactory: null);

    private void SetEnvironmentKeys(string? token)
    {
        _variables["AWS_ACCESS_KEY_ID"] = EnvironmentKeyId;
        _variables["AWS_SECRET_ACCESS_KEY"] = "env-secret";
        if (token is not null)
        {
            _variables["AWS_SESSION_TOKEN"] = token;
        }
    }

    private async Task<string> CallerArn(AWSCredentials credentials)
    {
        using var client = _sts.CreateStsClient(credentials);
        return (await client.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
    }
}
