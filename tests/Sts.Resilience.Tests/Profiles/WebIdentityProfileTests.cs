using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Credentials;
using Sts.Resilience.Profiles;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>
/// Web identity profiles (<c>role_arn</c> + <c>web_identity_token_file</c>): read from temporary profile files, assumed
/// against LocalSts, whose JWTs and sessions run on one fake clock. No process environment variable is read or written.
/// </summary>
public sealed class WebIdentityProfileTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private LocalSts _sts = null!;
    private LocalStsRole _podRole = null!;

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = _time });
        _podRole = _sts.CreateRole("pod-role");
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    [Fact]
    public void Resolve_SourceProfileIsWebIdentity_ChainStartsWithItAndIsRoleChaining()
    {
        using var files = new ProfileTestFiles(config: """
            [profile app]
            role_arn = arn:aws:iam::123456789012:role/app
            source_profile = pod
            [profile pod]
            role_arn = arn:aws:iam::123456789012:role/pod-role
            web_identity_token_file = /var/run/secrets/token
            role_session_name = pod-session
            """);

        var chain = files.Resolve("app");

        var source = Assert.IsType<WebIdentityProfileSource>(chain.Source);
        Assert.Equal(("pod", "arn:aws:iam::123456789012:role/pod-role", "/var/run/secrets/token", "pod-session"), (source.ProfileName, source.RoleArn, source.WebIdentityTokenFile, source.RoleSessionName));
        Assert.Equal(6, source.Location.Line);
        Assert.True(Assert.Single(chain.Hops).IsRoleChaining);
    }

    [Fact]
    public void Resolve_WebIdentityProfileItself_SaysItIsAssumedWithWebIdentity()
    {
        using var files = new ProfileTestFiles(config: "[profile pod]\nrole_arn = arn:aws:iam::123456789012:role/pod-role\nweb_identity_token_file = /token\n");

        var ex = files.ResolveFails("pod");

        Assert.Equal(ProfileProblem.NotARoleProfile, ex.Problem);
        Assert.Contains("AssumeRoleWithWebIdentity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WebIdentityProfileAndARoleOnIt_NoFinding()
    {
        using var files = new ProfileTestFiles(config: "[profile pod]\nrole_arn = arn:aws:iam::123456789012:role/pod-role\nweb_identity_token_file = /token\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = pod\n");

        Assert.Empty(ProfileDiagnostics.Analyze(files.Load()));
    }

    [Fact]
    public async Task FromProfile_RoleChainFromAWebIdentityProfile_AssumesBothAgainstLocalSts()
    {
        using var files = new ProfileTestFiles();
        var tokenPath = Path.Combine(files.Directory, "token");
        using var token = _sts.WriteWebIdentityTokenFile(tokenPath, _podRole, TimeSpan.FromHours(24));
        var target = _sts.CreateRole("target", o => o.TrustedPrincipals.Add(_podRole.Arn));
        File.WriteAllText(files.ConfigPath, $"""
            [profile app]
            role_arn = {target.Arn}
            role_session_name = chained
            source_profile = pod
            [profile pod]
            role_arn = {_podRole.Arn}
            web_identity_token_file = ~/token
            role_session_name = pod
            """);
        var environment = new CredentialEnvironment
        {
            GetVariable = name => name switch { "HOME" => files.Directory, "AWS_CONFIG_FILE" => files.ConfigPath, _ => null },
        };

        await using var credentials = RoleCredentialsFactory.FromProfile("app", o => Local(o), _time, loggerFactory: null, environment);
        using var client = _sts.CreateStsClient(credentials);
        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/target/chained", identity.Arn);
        var pod = Assert.IsType<RefreshingWebIdentityCredentials>(Assert.Single(credentials.ProfileHops));
        Assert.NotNull(pod.Status.Expiration);
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.AssumeRoleWithWebIdentity));
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task Options_RoleArnWithAWebIdentityProfile_ProfileSuppliesTheSourceCredentials()
    {
        using var files = new ProfileTestFiles();
        var tokenPath = Path.Combine(files.Directory, "token");
        using var token = _sts.WriteWebIdentityTokenFile(tokenPath, _podRole, TimeSpan.FromHours(24));
        var target = _sts.CreateRole("target", o => o.TrustedPrincipals.Add(_podRole.Arn));
        File.WriteAllText(files.ConfigPath, $"[profile pod]\nrole_arn = {_podRole.Arn}\nweb_identity_token_file = {tokenPath}\n");
        var options = Local(new RefreshingRoleCredentialsOptions { RoleArn = target.Arn, RoleSessionName = "direct", Profile = "pod" });

        await using var credentials = RoleCredentialsFactory.Create(options, new CredentialEnvironment { ProfileStore = files.Load() }, _time, loggerFactory: null);
        using var client = _sts.CreateStsClient(credentials);

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/target/direct", (await client.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        Assert.IsType<RefreshingWebIdentityCredentials>(Assert.Single(credentials.ProfileHops));
    }

    [Fact]
    public void FromProfile_WebIdentityProfileWithARelativeTokenFile_ProfileConfigurationExceptionAtTheRoleArn()
    {
        using var files = new ProfileTestFiles(config: """
            [profile app]
            role_arn = arn:aws:iam::123456789012:role/app
            source_profile = pod
            [profile pod]
            role_arn = arn:aws:iam::123456789012:role/pod-role
            web_identity_token_file = token
            """);

        var ex = Assert.Throws<ProfileConfigurationException>(() => RoleCredentialsFactory.FromProfile(
            "app", o => Local(o), _time, loggerFactory: null, new CredentialEnvironment { ProfileStore = files.Load() }));

        Assert.Equal((ProfileProblem.InvalidRoleSettings, "pod", 5), (ex.Problem, ex.ProfileName, ex.LineNumber));
        Assert.Contains("absolute path", ex.Message, StringComparison.Ordinal);
    }

    private RefreshingRoleCredentialsOptions Local(RefreshingRoleCredentialsOptions options)
    {
        options.ServiceUrl = _sts.ServiceUrl;
        options.Region = _sts.Region;
        options.BackgroundRefresh = false;
        return options;
    }
}
