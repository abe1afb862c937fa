using Amazon.Runtime;
using Sts.Resilience.Credentials;
using Sts.Resilience.Profiles;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Profiles;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// <see cref="DefaultChainDecision"/> through its public entry, <see cref="DefaultChainDecision.Decide(Func{string, string?}, Action{RefreshingCredentialsChainOptions}?)"/>, for each
/// branch of the chain, with the variables in a dictionary (never the process's <c>AWS_*</c>), and checked against what
/// <see cref="RefreshingCredentials.FromDefaultChain"/> does with the same variables where that needs no endpoint.
/// </summary>
public sealed class DefaultChainDecisionTests : IDisposable
{
    private const string KeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
    private readonly ProfileTestFiles _files = new();
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public DefaultChainDecisionTests()
    {
        _variables["HOME"] = _files.Directory;
        _variables["AWS_CONFIG_FILE"] = _files.ConfigPath;
        _variables["AWS_SHARED_CREDENTIALS_FILE"] = _files.CredentialsPath;
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Decide_EnvironmentKeys_PickedWithTheKeyIdMaskedAndNoSecret()
    {
        _variables["AWS_ACCESS_KEY_ID"] = KeyId;
        _variables["AWS_SECRET_ACCESS_KEY"] = Secret;
        _variables["AWS_SESSION_TOKEN"] = Token;
        _variables["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/irsa";
        _variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token";

        var decision = Decide();

        Assert.Equal(DefaultChainSource.EnvironmentKeys, decision.Source);
        Assert.Empty(decision.Skipped);
        Assert.Equal(
            [new("AWS_ACCESS_KEY_ID", "AKIA…MPLE"), new("AWS_SECRET_ACCESS_KEY", "(set)"), new KeyValuePair<string, string>("AWS_SESSION_TOKEN", "(set)")],
            decision.Settings);
        AssertNoSecret(decision);
        Assert.StartsWith("Default credential chain: environment keys (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set)", decision.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_LegacySecretKeyVariable_EnvironmentKeysAsTheSdkReadsThem()
    {
        _variables["AWS_ACCESS_KEY_ID"] = KeyId;
        _variables["AWS_SECRET_KEY"] = Secret;

        var decision = Decide();

        Assert.Equal(DefaultChainSource.EnvironmentKeys, decision.Source);
        Assert.Equal("AWS_ACCESS_KEY_ID and AWS_SECRET_KEY are set", decision.Reason);
        AssertNoSecret(decision);
    }

    [Fact]
    public void Decide_HalfAKeyPairAndWebIdentity_WebIdentityWithTheKeysIncomplete()
    {
        _variables["AWS_ACCESS_KEY_ID"] = KeyId;
        _variables["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/irsa";
        _variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token";
        _variables["AWS_ROLE_SESSION_NAME"] = "pod";
        File.WriteAllText(_files.CredentialsPath, $"[default]\naws_access_key_id = {KeyId}\naws_secret_access_key = {Secret}\n");

        var decision = Decide();

        Assert.Equal(DefaultChainSource.WebIdentity, decision.Source);
        var skip = Assert.Single(decision.Skipped);
        Assert.Equal((DefaultChainSource.EnvironmentKeys, DefaultChainSkipReason.Incomplete), (skip.Source, skip.Reason));
        Assert.Equal(["AWS_SECRET_ACCESS_KEY"], skip.MissingSettings);
        Assert.Equal("Environment keys: AWS_SECRET_ACCESS_KEY is not set.", skip.Message);
        Assert.Equal(
            [new("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"), new("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"), new KeyValuePair<string, string>("AWS_ROLE_SESSION_NAME", "pod")],
            decision.Settings);
        Assert.Null(decision.ProfileName);
    }

    [Fact]
    public void Decide_RoleProfileNamedByAwsProfile_ProfileWithItsSettings()
    {
        File.WriteAllText(_files.ConfigPath, "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n");
        File.WriteAllText(_files.CredentialsPath, $"[base]\naws_access_key_id = {KeyId}\naws_secret_access_key = {Secret}\n");
        _variables["AWS_PROFILE"] = "app";
        _variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/never-read";

        var decision = Decide();

        Assert.Equal(DefaultChainSource.Profile, decision.Source);
        Assert.Equal("app", decision.ProfileName);
        Assert.Null(decision.Problem);
        Assert.Equal("profile 'app' is named by AWS_PROFILE", decision.Reason);
        Assert.Equal(
            [new("AWS_PROFILE", "app"), new("role_arn", "arn:aws:iam::123456789012:role/app"), new KeyValuePair<string, string>("source_profile", "base")],
            decision.Settings);
        Assert.Equal([DefaultChainSource.EnvironmentKeys, DefaultChainSource.WebIdentity], decision.Skipped.Select(s => s.Source));
        Assert.All(decision.Skipped, s => Assert.Equal(DefaultChainSkipReason.NotConfigured, s.Reason));
    }

    [Fact]
    public void Decide_ProfileFromTheOptions_NamedByTheOptions()
    {
        File.WriteAllText(_files.CredentialsPath, $"[ci]\naws_access_key_id = {KeyId}\naws_secret_access_key = {Secret}\naws_session_token = {Token}\n");
        _variables["AWS_PROFILE"] = "other";

        var decision = Decide(o => o.Profile = "ci");

        Assert.Equal(("ci", "profile 'ci' is named by RefreshingCredentialsChainOptions.Profile"), (decision.ProfileName, decision.Reason));
        Assert.Equal(
            [new("RefreshingCredentialsChainOptions.Profile", "ci"), new("aws_access_key_id", "AKIA…MPLE"), new("aws_secret_access_key", "(set)"), new KeyValuePair<string, string>("aws_session_token", "(set)")],
            decision.Settings);
        AssertNoSecret(decision);
    }

    [Fact]
    public void Decide_AwsProfileThatDoesNotExist_PickedWithTheProblemAndFromDefaultChainThrows()
    {
        _variables["AWS_PROFILE"] = "missing";
        _variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/never-read";

        var decision = Decide();

        Assert.Equal((DefaultChainSource.Profile, "missing"), (decision.Source, decision.ProfileName));
        Assert.Equal($"Profile 'missing' is not in {_files.ConfigPath} or {_files.CredentialsPath}.", decision.Problem);
        Assert.Equal(ProfileProblem.ProfileNotFound, Assert.Throws<ProfileConfigurationException>(() => FromDefaultChain()).Problem);
    }

    [Fact]
    public void Decide_CredentialProcessProfile_PickedWithTheProblemFromDefaultChainThrows()
    {
        File.WriteAllText(_files.ConfigPath, "[default]\ncredential_process = /usr/bin/get-keys --secret s3cr3t\n");

        var decision = Decide();

        Assert.Equal((DefaultChainSource.Profile, "default", "profile 'default' exists"), (decision.Source, decision.ProfileName, decision.Reason));
        Assert.Contains("credential_process or SSO", decision.Problem, StringComparison.Ordinal);
        Assert.Equal([new KeyValuePair<string, string>("credential_process", "(set)")], decision.Settings);
        Assert.DoesNotContain("s3cr3t", decision.ToString(), StringComparison.Ordinal);
        Assert.Equal(decision.Problem, Assert.Throws<ProfileConfigurationException>(() => FromDefaultChain()).Message);
    }

    [Fact]
    public void Decide_DefaultProfileWithoutCredentials_PassedOverForTheContainerEndpoint()
    {
        File.WriteAllText(_files.ConfigPath, "[default]\nregion = eu-west-1\n");
        _variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/creds";
        _variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = Token;

        var decision = Decide();

        Assert.Equal(DefaultChainSource.Container, decision.Source);
        Assert.Equal("default", decision.ProfileName);
        var skip = decision.Skipped[2];
        Assert.Equal((DefaultChainSource.Profile, DefaultChainSkipReason.NoCredentials), (skip.Source, skip.Reason));
        Assert.StartsWith("Profile 'default' (", skip.Message, StringComparison.Ordinal);
        Assert.EndsWith("): holds no credentials.", skip.Message, StringComparison.Ordinal);
        Assert.Equal(
            [new("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds"), new KeyValuePair<string, string>("AWS_CONTAINER_AUTHORIZATION_TOKEN", "(set)")],
            decision.Settings);
        Assert.DoesNotContain(Token, decision.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BothContainerUris_TheRelativeOneAsTheSdkTakesIt()
    {
        _variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
        _variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/creds";
        _variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/pod-identity/token";

        var decision = Decide();

        Assert.Equal(("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is set", 3), (decision.Reason, decision.Skipped.Count));
        Assert.Equal(
            [new("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"), new KeyValuePair<string, string>("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/pod-identity/token")],
            decision.Settings);
    }

    [Fact]
    public async Task Decide_NothingBeforeInstanceMetadata_PickedWithoutAskingIt()
    {
        await using var sts = await LocalSts.StartAsync();
        var imds = sts.CreateInstanceMetadata(sts.CreateRole("instance-role"));
        _variables.Remove("AWS_EC2_METADATA_DISABLED");
        _variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.Endpoint;

        var decision = Decide();

        Assert.Equal(DefaultChainSource.InstanceMetadata, decision.Source);
        Assert.Equal(4, decision.Skipped.Count);
        Assert.Equal([new KeyValuePair<string, string>("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.Endpoint)], decision.Settings);
        Assert.Empty(sts.Requests);
    }

    [Fact]
    public void Decide_NothingConfigured_NoneWithTheStepsFromDefaultChainLists()
    {
        var decision = Decide();

        Assert.Equal(DefaultChainSource.None, decision.Source);
        Assert.Equal(
            [DefaultChainSkipReason.NotConfigured, DefaultChainSkipReason.NotConfigured, DefaultChainSkipReason.NotConfigured, DefaultChainSkipReason.NotConfigured, DefaultChainSkipReason.Disabled],
            decision.Skipped.Select(s => s.Reason));
        var lines = Assert.Throws<AmazonClientException>(() => FromDefaultChain()).Message.Split('\n').Skip(1).Select(l => l.Trim());
        Assert.Equal(decision.Skipped.Select((s, i) => $"{i + 1}. {s.Message}"), lines);
    }

    private static void AssertNoSecret(DefaultChainDecision decision)
    {
        var shown = decision + string.Concat(decision.Settings.Select(s => s.Value)) + string.Concat(decision.Skipped.Select(s => s.Message));
        Assert.DoesNotContain(Secret, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyId, shown, StringComparison.Ordinal);
    }

    private DefaultChainDecision Decide(Action<RefreshingCredentialsChainOptions>? configure = null) =>
        DefaultChainDecision.Decide(name => _variables.TryGetValue(name, out var value) ? value : null, configure);

    private RefreshingCredentials FromDefaultChain() =>
        DefaultCredentialChain.Resolve(new CredentialEnvironment { GetVariable = name => _variables.TryGetValue(name, out var value) ? value : null }, configure: null, timeProvider: null, loggerFactory: null);
}
