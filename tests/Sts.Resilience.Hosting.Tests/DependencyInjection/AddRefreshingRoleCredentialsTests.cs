using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Extensions.NETCore.Setup;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>The registration end to end: real hosts, real AddAWSService clients, LocalSts on 127.0.0.1.</summary>
[Collection(DependencyInjectionTestGroup.Name)]
public sealed class AddRefreshingRoleCredentialsTests
{
    [Fact]
    public async Task AddRefreshingRoleCredentials_ThreeAwsServiceClients_ShareOneAssumeRole()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddAWSService<IAmazonS3>();
        builder.Services.AddAWSService<IAmazonDynamoDB>();
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();
        using var host = builder.Build();
        await host.StartAsync();

        var s3 = host.Services.GetRequiredService<IAmazonS3>();
        var dynamo = host.Services.GetRequiredService<IAmazonDynamoDB>();
        var sts = host.Services.GetRequiredService<IAmazonSecurityTokenService>();
        await s3.ListBucketsAsync();
        await dynamo.ListTablesAsync(new ListTablesRequest());
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Contains(":assumed-role/app-role/", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.Same(host.Services.GetRequiredService<RefreshingRoleCredentials>(), host.Services.GetRequiredService<AWSOptions>().Credentials);
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_WarmsUpBeforeAnyClientIsUsed()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        using var host = builder.Build();

        Assert.Equal(0, fx.Sts.Counters.Count(LocalStsActions.AssumeRole));
        await host.StartAsync();

        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.NotNull(host.Services.GetRequiredService<RefreshingRoleCredentials>().Status.Expiration);
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_WarmUpDisabled_NoStsCallUntilFirstUse()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.Configure<RefreshingRoleCredentialsStartupOptions>(o => o.WarmUp = false);
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Equal(0, fx.Sts.Counters.Count(LocalStsActions.AssumeRole));
        await host.Services.GetRequiredService<RefreshingRoleCredentials>().GetCredentialsAsync();
        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_WarmUpFails_HostStartFailsNamingTheRoleAndTheError()
    {
        await using var fx = await DiFixture.StartAsync();
        var stranger = fx.Sts.CreateUser("stranger");
        var guarded = fx.Sts.CreateRole("guarded", o => o.TrustedPrincipals.Add(fx.User.Arn));
        var builder = fx.CreateBuilder(fx.Configuration(guarded.Arn));
        builder.Services.AddRefreshingRoleCredentials();
        builder.Services.Configure<RefreshingRoleCredentialsOptions>(o => o.SourceCredentials = stranger.Credentials);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.StartsWith($"Could not get credentials for role {guarded.Arn} (default registration) at start: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is not authorized to perform: sts:AssumeRole", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FailStartupOnError", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WarmUpFailsAndFailStartupOnErrorOff_HostStartsAndLogsIt()
    {
        await using var fx = await DiFixture.StartAsync();
        fx.Sts.Faults.StartOutage(TimeSpan.FromHours(1));
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.Configure<RefreshingRoleCredentialsStartupOptions>(o => o.FailStartupOnError = false);
        var logs = new ListLoggerProvider();
        builder.Logging.AddProvider(logs);
        using var host = builder.Build();

        await host.StartAsync();

        var warmUp = Assert.Single(logs.Entries, e => e.EventId == 4001);
        Assert.Contains(fx.Role.Arn, warmUp.Message, StringComparison.Ordinal);
        fx.Sts.Faults.EndOutage();
        await host.Services.GetRequiredService<RefreshingRoleCredentials>().GetCredentialsAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingRoleCredentials_CalledTwice_OneInstanceOneHostedServiceAndBothConfigurationsApply()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        builder.Services.AddRefreshingRoleCredentials(o =>
        {
            o.SourceCredentials = fx.User.Credentials;
            o.RoleSessionName = "from-code";
        });
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(RefreshingRoleCredentials));
        Assert.Single(builder.Services, d => d.ImplementationType?.Name == "RefreshingRoleCredentialsHostedService");
        Assert.Single(builder.Services, d => d.ServiceType == typeof(AWSOptions));
        using var host = builder.Build();
        await host.StartAsync();

        var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.EndsWith("/app-role/from-code", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingRoleCredentials_AWSOptionsRegisteredBefore_CopyGetsTheCredentialsWithoutTheSdkAssumeRoleKeys()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        var awsOptions = new AWSOptions { SessionRoleArn = fx.Role.Arn, SessionName = "sdk-session" };
        awsOptions.DefaultClientConfig.ServiceURL = fx.Sts.ServiceUrl;
        awsOptions.DefaultClientConfig.AuthenticationRegion = fx.Sts.Region;
        builder.Services.AddDefaultAWSOptions(awsOptions);
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();
        using var host = builder.Build();
        await host.StartAsync();

        var resolved = host.Services.GetRequiredService<AWSOptions>();
        var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Same(host.Services.GetRequiredService<RefreshingRoleCredentials>(), resolved.Credentials);
        Assert.Null(resolved.SessionRoleArn);
        Assert.Equal(fx.Sts.ServiceUrl, resolved.DefaultClientConfig.ServiceURL);
        Assert.Contains("/app-role/", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));

        // The instance the application registered is a copy's source, never changed.
        Assert.NotSame(awsOptions, resolved);
        Assert.Null(awsOptions.Credentials);
        Assert.Equal(fx.Role.Arn, awsOptions.SessionRoleArn);
        Assert.Equal("sdk-session", awsOptions.SessionName);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddDefaultAWSOptions_CalledAfter_WarnsThatClientsWillNotUseTheCredentials()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddDefaultAWSOptions(new AWSOptions());
        var logs = new ListLoggerProvider();
        builder.Logging.AddProvider(logs);
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Single(logs.Entries, e => e.EventId == 4003);
        await host.StopAsync();
    }

    [Fact]
    public async Task Keyed_TwoRoles_StaySeparateAndKeyedClientsUseTheirOwn()
    {
        await using var fx = await DiFixture.StartAsync();
        var audit = fx.Sts.CreateRole("audit-role");
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddKeyedRefreshingRoleCredentials("audit", o => fx.CodeOptions(audit).CopyTo(o));
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();
        builder.Services.AddKeyedAWSServiceWithRoleCredentials<IAmazonSecurityTokenService>("audit");
        builder.Services.AddKeyedAWSServiceWithRoleCredentials<IAmazonS3>("audit");
        using var host = builder.Build();
        await host.StartAsync();

        var main = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());
        var audited = await host.Services.GetRequiredKeyedService<IAmazonSecurityTokenService>("audit").GetCallerIdentityAsync(new GetCallerIdentityRequest());
        await host.Services.GetRequiredKeyedService<IAmazonS3>("audit").ListBucketsAsync();

        Assert.Contains(":assumed-role/app-role/", main.Arn, StringComparison.Ordinal);
        Assert.Contains(":assumed-role/audit-role/", audited.Arn, StringComparison.Ordinal);
        var mainCredentials = host.Services.GetRequiredService<RefreshingRoleCredentials>();
        var auditCredentials = host.Services.GetRequiredKeyedService<RefreshingRoleCredentials>("audit");
        Assert.NotSame(mainCredentials, auditCredentials);
        Assert.Same(mainCredentials, host.Services.GetRequiredService<AWSOptions>().Credentials);
        Assert.Equal(2, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole)); // one per role, both at start
        await host.StopAsync();
    }

    [Fact]
    public async Task Keyed_Only_DoesNotTouchAWSOptions()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddKeyedRefreshingRoleCredentials("audit", o => fx.CodeOptions(fx.Role).CopyTo(o));

        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(AWSOptions));
        using var host = builder.Build();
        await host.StartAsync();
        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        await host.StopAsync();
    }

    [Fact]
    public async Task Stop_StopsTheBackgroundRefresh_AndDisposeLeavesNoTimer()
    {
        var time = new TrackingTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fx = await DiFixture.StartAsync(time);
        var role = fx.Sts.CreateRole("stop-" + Guid.NewGuid().ToString("N")[..12]);
        var builder = fx.CreateBuilder(fx.Configuration(role.Arn));
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        var host = builder.Build();
        using var starts = new RefreshStarts();
        await host.StartAsync();
        var credentials = host.Services.GetRequiredService<RefreshingRoleCredentials>();
        Assert.Equal(2, time.ActiveTimers); // the advisory boundary and the background refresh

        await host.StopAsync();
        Assert.Equal(1, time.ActiveTimers); // the background refresh is disarmed; callers still get credentials
        time.Advance(TimeSpan.FromMinutes(12)); // inside the advisory window, where the background refresh would have run
        Assert.Equal(1, starts.For(role.Arn)); // the warm-up only: a refresh started by the timer would have begun inside Advance
        Assert.Equal(1, fx.Sts.Counters.Count(LocalStsActions.AssumeRole));
        Assert.NotNull(credentials.GetCredentials());

        host.Dispose();
        Assert.Equal(0, time.ActiveTimers);
        Assert.Throws<ObjectDisposedException>(() => credentials.GetCredentials());
    }

    [Fact]
    public async Task Stop_WarmUpOffAndFirstUseAfterStart_StillStopsTheBackgroundRefresh()
    {
        var time = new TrackingTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fx = await DiFixture.StartAsync(time);
        var role = fx.Sts.CreateRole("stop-" + Guid.NewGuid().ToString("N")[..12]);
        var builder = fx.CreateBuilder(fx.Configuration(role.Arn));
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.Configure<RefreshingRoleCredentialsStartupOptions>(o => o.WarmUp = false);
        using var host = builder.Build();
        using var starts = new RefreshStarts();
        await host.StartAsync();
        await host.Services.GetRequiredService<RefreshingRoleCredentials>().GetCredentialsAsync();
        Assert.Equal(2, time.ActiveTimers);

        await host.StopAsync();
        Assert.Equal(1, time.ActiveTimers);
        fx.Time.Advance(TimeSpan.FromMinutes(12));

        Assert.Equal(1, starts.For(role.Arn)); // the first use only: a timer-started refresh would have begun inside Advance
        Assert.Equal(1, fx.Sts.Counters.Count(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task Start_StillRunningHost_RefreshesInTheBackground()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        using var host = builder.Build();
        using var listener = new HostMeterListener(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        await host.StartAsync();
        var credentials = host.Services.GetRequiredService<RefreshingRoleCredentials>();
        var first = credentials.Status.Expiration;

        // Inside the 5-minute advisory window of a 15-minute session. No caller asks for credentials: only the
        // background timer can start this refresh.
        fx.Time.Advance(TimeSpan.FromMinutes(12));
        await listener.WaitForAsync(r => r.Trigger == "background" && r.Outcome == "success");

        Assert.True(credentials.Status.Expiration > first);
        Assert.Equal(2, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        await host.StopAsync();
    }

    [Fact]
    public async Task Credentials_TakeTimeProviderLoggerFactoryAndMeterFactoryFromTheContainer()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        var logs = new ListLoggerProvider();
        builder.Logging.AddProvider(logs);
        using var host = builder.Build();
        var meterFactory = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var listener = new HostMeterListener(meterFactory);

        await host.StartAsync();

        var credentials = host.Services.GetRequiredService<RefreshingRoleCredentials>();
        Assert.Equal(fx.Time.GetUtcNow().AddMinutes(15), credentials.Status.Expiration!.Value, TimeSpan.FromSeconds(2)); // the fake clock, not the machine's
        Assert.Contains(logs.Entries, e => e.EventId == 1001 && e.Message.Contains(fx.Role.Arn, StringComparison.Ordinal));
        Assert.Contains(listener.Refreshes, r => r.Role == fx.Role.Arn && r.Outcome == "success");
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingRoleCredentials_RegistersTheExpiredTokenRetryWithTheHostsLoggerFactory()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddAWSService<IAmazonS3>();
        using var host = builder.Build();
        ExpiredTokenRetry.Reset();
        Assert.False(ExpiredTokenRetry.IsEnabledFor(typeof(AmazonS3Client)));

        host.Services.GetRequiredService<IAmazonS3>();

        Assert.True(ExpiredTokenRetry.IsEnabledFor(typeof(AmazonS3Client)));
        Assert.Same(host.Services.GetRequiredService<ILoggerFactory>(), ExpiredTokenRetry.CurrentLoggerFactory);
    }

    [Fact]
    public async Task AddRefreshingRoleCredentials_RegisterExpiredTokenRetryFalse_LeavesTheProcessWithoutTheRetry()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        builder.Services.Configure<RefreshingRoleCredentialsStartupOptions>(o => o.RegisterExpiredTokenRetry = false);
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddAWSService<IAmazonS3>();
        using var host = builder.Build();
        ExpiredTokenRetry.Reset();

        await host.StartAsync();
        host.Services.GetRequiredService<IAmazonS3>();

        Assert.False(ExpiredTokenRetry.IsEnabledFor(typeof(AmazonS3Client)));
        await host.StopAsync();
    }

    [Fact]
    public void Overloads_NullArguments_Throw()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentNullException>("services", () => RefreshingRoleCredentialsServiceCollectionExtensions.AddRefreshingRoleCredentials(null!));
        Assert.Throws<ArgumentNullException>("configure", () => services.AddRefreshingRoleCredentials((Action<RefreshingRoleCredentialsOptions>)null!));
        Assert.Throws<ArgumentNullException>("section", () => services.AddRefreshingRoleCredentials((Microsoft.Extensions.Configuration.IConfiguration)null!));
        Assert.Throws<ArgumentNullException>("key", () => services.AddKeyedRefreshingRoleCredentials(null!, _ => { }));
        Assert.Throws<ArgumentException>("key", () => services.AddKeyedRefreshingRoleCredentials(string.Empty, _ => { }));
        Assert.Throws<ArgumentException>("key", () => services.AddKeyedAWSServiceWithRoleCredentials<IAmazonS3>(string.Empty));
        Assert.Empty(services);
    }

    [Fact]
    public void StartupOptions_Ctor_Defaults()
    {
        var options = new RefreshingRoleCredentialsStartupOptions();
        Assert.True(options.WarmUp);
        Assert.True(options.FailStartupOnError);
    }

    [Fact]
    public void Options_OfAnotherName_AreNotValidatedByTheRegistration()
    {
        var services = new ServiceCollection();
        services.AddRefreshingRoleCredentials(o => o.RoleArn = "arn:aws:iam::123456789012:role/x");
        using var provider = services.BuildServiceProvider();

        var other = provider.GetRequiredService<IOptionsMonitor<RefreshingRoleCredentialsOptions>>().Get("unrelated");

        Assert.Equal(string.Empty, other.RoleArn); // invalid, but not ours to judge
    }
}
