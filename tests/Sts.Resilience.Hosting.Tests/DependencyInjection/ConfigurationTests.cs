using System.Reflection;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Snapshooter.Xunit;
using Sts.Resilience.Credentials;
using Sts.Resilience.DependencyInjection;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Profiles;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>Binding the <c>AWS</c> and <c>AWS:AssumeRole</c> sections, and what a host says when they are wrong.</summary>
[Collection(DependencyInjectionTestGroup.Name)]
public sealed class ConfigurationTests
{
    [Fact]
    public void AddRefreshingRoleCredentials_AssumeRoleSection_BindsEveryOption()
    {
        var options = Bind(new()
        {
            ["AWS:AssumeRole:RoleArn"] = "arn:aws:iam::123456789012:role/reader",
            ["AWS:AssumeRole:RoleSessionName"] = "web-1",
            ["AWS:AssumeRole:Duration"] = "02:00:00",
            ["AWS:AssumeRole:ExternalId"] = "ext-123",
            ["AWS:AssumeRole:Policy"] = """{"Version":"2012-10-17"}""",
            ["AWS:AssumeRole:PolicyArns:0"] = "arn:aws:iam::aws:policy/ReadOnlyAccess",
            ["AWS:AssumeRole:PolicyArns:1"] = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            ["AWS:AssumeRole:Tags:team"] = "payments",
            ["AWS:AssumeRole:Tags:env"] = "prod",
            ["AWS:AssumeRole:TransitiveTagKeys:0"] = "team",
            ["AWS:AssumeRole:SourceIdentity"] = "alice",
            ["AWS:AssumeRole:MfaSerialNumber"] = "arn:aws:iam::123456789012:mfa/alice",
            ["AWS:AssumeRole:Region"] = "eu-west-1",
            ["AWS:AssumeRole:ServiceUrl"] = "https://sts.eu-west-1.amazonaws.com",
            ["AWS:AssumeRole:StsTimeout"] = "00:00:05",
            ["AWS:AssumeRole:AdvisoryWindow"] = "00:20:00",
            ["AWS:AssumeRole:BackgroundRefresh"] = "false",
        }, services => services.Configure<RefreshingRoleCredentialsOptions>(o => o.MfaTokenCodeProvider = _ => new ValueTask<string>("123456")));

        Assert.Equal("arn:aws:iam::123456789012:role/reader", options.RoleArn);
        Assert.Equal("web-1", options.RoleSessionName);
        Assert.Equal(TimeSpan.FromHours(2), options.Duration);
        Assert.Equal("ext-123", options.ExternalId);
        Assert.Equal("""{"Version":"2012-10-17"}""", options.Policy);
        Assert.Equal(["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], options.PolicyArns);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "payments", ["env"] = "prod" }, options.Tags);
        Assert.Equal(["team"], options.TransitiveTagKeys);
        Assert.Equal("alice", options.SourceIdentity);
        Assert.Equal("arn:aws:iam::123456789012:mfa/alice", options.MfaSerialNumber);
        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal("https://sts.eu-west-1.amazonaws.com", options.ServiceUrl);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StsTimeout);
        Assert.Equal(TimeSpan.FromMinutes(20), options.AdvisoryWindow);
        Assert.False(options.BackgroundRefresh);
    }

    [Fact]
    public void AddRefreshingRoleCredentials_AwsSectionKeys_MapOntoTheOptions()
    {
        var options = Bind(new()
        {
            ["AWS:SessionRoleArn"] = "arn:aws:iam::123456789012:role/from-aws-section",
            ["AWS:SessionName"] = "sdk-name",
            ["AWS:ExternalId"] = "sdk-ext",
            ["AWS:Region"] = "us-west-2",
            ["AWS:ServiceURL"] = "http://127.0.0.1:1/", // the SDK's endpoint for every client, not STS's
        });

        Assert.Equal("arn:aws:iam::123456789012:role/from-aws-section", options.RoleArn);
        Assert.Equal("sdk-name", options.RoleSessionName);
        Assert.Equal("sdk-ext", options.ExternalId);
        Assert.Equal("us-west-2", options.Region);
        Assert.Null(options.ServiceUrl);
    }

    [Fact]
    public void AddRefreshingRoleCredentials_BareNumberDuration_MillisecondsAsNetCoreSetupReadsTheAwsSection()
    {
        var values = new Dictionary<string, string?>
        {
            ["AWS:Timeout"] = "5000",
            ["AWS:AssumeRole:RoleArn"] = "arn:aws:iam::123456789012:role/app",
            ["AWS:AssumeRole:StsTimeout"] = "5000",
            ["AWS:AssumeRole:Duration"] = "900000",
            ["AWS:AssumeRole:AdvisoryWindow"] = "00:05:00",
        };
        var sdk = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetAWSOptions();

        var options = Bind(values);

        Assert.Equal(sdk.DefaultClientConfig.Timeout, options.StsTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StsTimeout);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Duration);
        Assert.Equal(TimeSpan.FromMinutes(5), options.AdvisoryWindow);
    }

    [Fact]
    public void AddRefreshingRoleCredentials_AwsProfile_MapsOntoProfileAndAssumeRoleProfileWins()
    {
        Assert.Equal("dev", Bind(new() { ["AWS:Profile"] = "dev" }).Profile);
        var both = Bind(new() { ["AWS:Profile"] = "dev", ["AWS:AssumeRole:Profile"] = "ops", ["AWS:AssumeRole:UseCliCache"] = "true", ["AWS:AssumeRole:CliCacheDirectory"] = "/tmp/cache" });
        Assert.Equal("ops", both.Profile);
        Assert.True(both.UseCliCache);
        Assert.Equal("/tmp/cache", both.CliCacheDirectory);
    }

    [Fact]
    public async Task AddRefreshingRoleCredentials_AwsProfileWithRoleArn_ProfileSuppliesTheSourceCredentials()
    {
        await using var fx = await DiFixture.StartAsync();
        using var files = new ProfileTestFiles(credentials: $"[dev]\naws_access_key_id = {fx.User.AccessKeyId}\naws_secret_access_key = {fx.User.SecretAccessKey}\n");
        var configuration = fx.Configuration();
        configuration["AWS:Profile"] = "dev";
        var builder = fx.CreateBuilder(configuration);
        builder.Services.AddRefreshingRoleCredentials();
        builder.Services.AddSingleton(new CredentialEnvironment { ProfileStore = files.Load() }); // instead of ~/.aws
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();
        using var host = builder.Build();
        await host.StartAsync();

        var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Contains(":assumed-role/app-role/", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(fx.User.AccessKeyId, Assert.Single(fx.Sts.Requests, r => r.Action == LocalStsActions.AssumeRole).AccessKeyId);
        await host.StopAsync();
    }

    [Fact]
    public void AddRefreshingRoleCredentials_BothSections_AssumeRoleKeysWinThenCode()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["AWS:SessionRoleArn"] = "arn:aws:iam::123456789012:role/from-aws-section",
            ["AWS:SessionName"] = "sdk-name",
            ["AWS:Region"] = "us-west-2",
            ["AWS:AssumeRole:RoleArn"] = "arn:aws:iam::123456789012:role/from-assume-role",
            ["AWS:AssumeRole:Region"] = "eu-central-1",
        };

        var options = Bind(configuration, services => services.AddRefreshingRoleCredentials(o => o.Region = "ap-south-1"));

        Assert.Equal("arn:aws:iam::123456789012:role/from-assume-role", options.RoleArn);
        Assert.Equal("sdk-name", options.RoleSessionName); // only in the AWS section
        Assert.Equal("ap-south-1", options.Region); // code, registered after, wins
    }

    [Fact]
    public void AddRefreshingRoleCredentials_SectionOverload_ReadsOnlyThatSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS:SessionRoleArn"] = "arn:aws:iam::123456789012:role/from-aws-section",
            ["Roles:Reader:RoleArn"] = "arn:aws:iam::123456789012:role/reader",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRefreshingRoleCredentials(configuration.GetSection("Roles:Reader"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<RefreshingRoleCredentialsOptions>>().Get(Options.DefaultName);

        Assert.Equal("arn:aws:iam::123456789012:role/reader", options.RoleArn);
    }

    [Fact]
    public async Task AddRefreshingRoleCredentials_SessionRoleArnAndExternalIdFromAwsSection_AssumeThatRole()
    {
        await using var fx = await DiFixture.StartAsync();
        var partner = fx.Sts.CreateRole("partner", o => o.ExternalId = "ext-42");
        var builder = fx.CreateBuilder(new()
        {
            ["AWS:ServiceURL"] = fx.Sts.ServiceUrl,
            ["AWS:AuthenticationRegion"] = fx.Sts.Region,
            ["AWS:Region"] = fx.Sts.Region,
            ["AWS:SessionRoleArn"] = partner.Arn,
            ["AWS:SessionName"] = "from-aws-section",
            ["AWS:ExternalId"] = "ext-42",
            ["AWS:AssumeRole:ServiceUrl"] = fx.Sts.ServiceUrl,
        });
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();
        using var host = builder.Build();
        await host.StartAsync();

        var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.EndsWith(":assumed-role/partner/from-aws-section", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole)); // the SDK did not assume it again per client
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_InvalidConfiguration_FailsWithEveryProblemInOneMessage()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(new()
        {
            ["AWS:SessionName"] = "x",
            ["AWS:AssumeRole:RoleArn"] = "arn:aws:iam::12345:user/bob",
            ["AWS:AssumeRole:Duration"] = "00:05:00",
            ["AWS:AssumeRole:ExternalId"] = "e",
            ["AWS:AssumeRole:StsTimeout"] = "soon",
            ["AWS:AssumeRole:BackgroundRefresh"] = "yes",
            ["AWS:AssumeRole:TransitiveTagKeys:0"] = "team",
            ["AWS:AssumeRole:SourceCredentials"] = "AKIA…",
            ["AWS:AssumeRole:ServiceURL"] = "not a url",
            ["AWS:AssumeRole:PolicyArn"] = "arn:aws:iam::aws:policy/ReadOnlyAccess",
        });
        builder.Services.AddRefreshingRoleCredentials();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(0, fx.Sts.Counters.Count(LocalStsActions.AssumeRole));
        Snapshot.Match(ex.Message.Split(Environment.NewLine));
    }

    [Fact]
    public async Task Start_TypoInAKey_FailsAndNamesTheKeyAndTheOptionMeant()
    {
        await using var fx = await DiFixture.StartAsync();
        var configuration = fx.Configuration();
        configuration["AWS:AssumeRole:RoleSesionName"] = "web-1";
        var builder = fx.CreateBuilder(configuration);
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "RefreshingRoleCredentialsOptions are invalid (set from AWS (SessionRoleArn, SessionName, ExternalId, Profile, Region), then AWS:AssumeRole):" + Environment.NewLine
            + "- 'AWS:AssumeRole:RoleSesionName' is not an option of RefreshingRoleCredentialsOptions. Did you mean 'RoleSessionName'?",
            ex.Message);
    }

    [Fact]
    public async Task Start_KeyedRegistrationInvalid_NamesTheKeyAndTheSection()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(new() { ["Roles:Audit:RoleArn"] = "audit" });
        builder.Services.AddKeyedRefreshingRoleCredentials("audit", builder.Configuration.GetSection("Roles:Audit"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("RefreshingRoleCredentialsOptions 'audit' are invalid (set from Roles:Audit):", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RoleArn 'audit' is not a role ARN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRefreshingRoleCredentials_NoConfigurationInTheContainer_SaysWhatToDo()
    {
        var services = new ServiceCollection();
        services.AddRefreshingRoleCredentials();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<RefreshingRoleCredentials>());

        Assert.Contains("AddRefreshingRoleCredentials() reads IConfiguration, but the container has none", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_EveryPublicSettableOption_IsBindableOrNamedCodeOnly()
    {
        var settable = typeof(RefreshingRoleCredentialsOptions)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true || p.PropertyType.IsGenericType)
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal);

        var handled = RefreshingRoleCredentialsConfiguration.Keys.Concat(RefreshingRoleCredentialsConfiguration.CodeOnlyOptions).Order(StringComparer.Ordinal);

        Assert.Equal(settable, handled);
    }

    private static RefreshingRoleCredentialsOptions Bind(Dictionary<string, string?> values, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddRefreshingRoleCredentials();
        more?.Invoke(services);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<RefreshingRoleCredentialsOptions>>().Get(Options.DefaultName);
    }
}
