using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>
/// <c>AddRefreshingCredentials()</c> in real hosts: every source served by LocalSts on 127.0.0.1, read from a dictionary
/// environment registered as the container's <see cref="CredentialEnvironment"/> (never the process's variables).
/// </summary>
[Collection(DependencyInjectionTestGroup.Name)]
public sealed class AddRefreshingCredentialsTests
{
    [Fact]
    public async Task AddRefreshingCredentials_ContainerVariables_EveryClientSignsWithOurContainerCredentials()
    {
        await using var fx = await DiFixture.StartAsync();
        var endpoint = fx.Sts.CreateContainerCredentials(fx.Role);
        using var host = Build(fx, new()
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint.FullUri,
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = endpoint.AuthorizationToken,
        });
        await host.StartAsync();

        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials)); // the warm-up
        var options = host.Services.GetRequiredService<AWSOptions>();
        Assert.IsType<RefreshingContainerCredentials>(options.Credentials);
        var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Contains(":assumed-role/app-role/", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(1, fx.Sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingCredentials_SourceImds_InstanceProfileCredentialsWithAHealthCheckAndTimeToExpiry()
    {
        await using var fx = await DiFixture.StartAsync();
        var imds = fx.Sts.CreateInstanceMetadata(fx.Role);
        using var host = Build(fx, new() { ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.Endpoint }, source: "imds", health: true);
        using var expiry = new TimeToExpiryListener(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();

        var credentials = Assert.IsType<RefreshingInstanceProfileCredentials>(host.Services.GetRequiredService<RefreshingCredentials>());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = report.Entries[RefreshingCredentialsHealthChecksBuilderExtensions.DefaultName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(credentials.Status.RoleArn, entry.Data["role"]);
        var (name, seconds) = Assert.Single(expiry.Read());
        Assert.Equal(credentials.Status.RoleArn, name);
        Assert.True(seconds > 0, $"time to expiry {seconds} s");
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingRoleCredentials_NoSourceCredentials_SignsAssumeRoleWithTheChainsEnvironmentKeys()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddSingleton(Environment(fx, new()
        {
            ["AWS_ACCESS_KEY_ID"] = fx.User.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = fx.User.SecretAccessKey,
        }));
        builder.Services.AddRefreshingRoleCredentials();
        builder.Services.AddRefreshingCredentials();
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();
        using var host = builder.Build();
        await host.StartAsync();

        Assert.IsType<RefreshingRoleCredentials>(host.Services.GetRequiredService<RefreshingCredentials>());
        Assert.IsType<RefreshingRoleCredentials>(host.Services.GetRequiredService<AWSOptions>().Credentials);
        var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Contains(":assumed-role/app-role/", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(fx.User.AccessKeyId, Assert.Single(fx.Sts.Requests, r => r.Action == LocalStsActions.AssumeRole).AccessKeyId);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingCredentials_StaticEnvironmentKeys_HealthyAndNotInvalidatable()
    {
        await using var fx = await DiFixture.StartAsync();
        using var host = Build(fx, new()
        {
            ["AWS_ACCESS_KEY_ID"] = fx.User.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = fx.User.SecretAccessKey,
        }, health: true);
        await host.StartAsync();

        var credentials = host.Services.GetRequiredService<RefreshingCredentials>();
        Assert.False(credentials.Invalidate(fx.User.AccessKeyId));
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
        var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.EndsWith(":user/app", identity.Arn, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingCredentials_UnknownSource_StartFailsNamingTheKeyAndTheChoices()
    {
        await using var fx = await DiFixture.StartAsync();
        using var host = Build(fx, new(), source: "lambda");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("'Sts:Source' is 'lambda'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("chain (the default), role, web-identity, container or imds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRefreshingCredentials_SourceDoesNotAnswerAtStart_StartFailsNamingTheSourceAndTheSwitch()
    {
        await using var fx = await DiFixture.StartAsync();
        using var host = Build(fx, new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/never-answers" });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        var credentials = host.Services.GetRequiredService<RefreshingCredentials>();
        Assert.StartsWith($"Could not get credentials from {credentials.Status.RoleArn} (AddRefreshingCredentials) at start: ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("Fix the source, or set RefreshingRoleCredentialsStartupOptions.FailStartupOnError to false to start anyway.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRefreshingCredentials_NothingFound_StartFailsListingWhatWasTried()
    {
        await using var fx = await DiFixture.StartAsync();
        using var host = Build(fx, new());

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("The default chain tried, in order:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Instance metadata: turned off by AWS_EC2_METADATA_DISABLED=true.", ex.Message, StringComparison.Ordinal);
    }

    private static IHost Build(DiFixture fx, Dictionary<string, string> variables, string? source = null, bool health = false)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["AWS:ServiceURL"] = fx.Sts.ServiceUrl,
            ["AWS:AuthenticationRegion"] = fx.Sts.Region,
        };
        if (source is not null)
        {
            configuration[RefreshingCredentialsServiceCollectionExtensions.SourceConfigurationKey] = source;
        }

        var builder = fx.CreateBuilder(configuration);
        builder.Services.AddSingleton(Environment(fx, variables));
        builder.Services.AddRefreshingCredentials();
        builder.Services.AddAWSService<IAmazonSecurityTokenService>();
        if (health)
        {
            builder.Services.AddHealthChecks().AddRefreshingCredentialsCheck();
        }

        return builder.Build();
    }

    /// <summary>A dictionary environment: no profile files, instance metadata off unless a test points it at LocalSts.</summary>
    private static CredentialEnvironment Environment(DiFixture fx, Dictionary<string, string> variables)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sts-no-profiles-" + Guid.NewGuid().ToString("N"));
        variables.TryAdd("HOME", directory);
        variables.TryAdd("AWS_ENDPOINT_URL_STS", fx.Sts.ServiceUrl);
        variables.TryAdd("AWS_REGION", fx.Sts.Region);
        if (!variables.ContainsKey("AWS_EC2_METADATA_SERVICE_ENDPOINT"))
        {
            variables["AWS_EC2_METADATA_DISABLED"] = "true";
        }

        return new CredentialEnvironment { GetVariable = name => variables.TryGetValue(name, out var value) ? value : null };
    }

    /// <summary>Reads the <c>time_to_expiry</c> gauge of the host's meter (not the package's static one).</summary>
    private sealed class TimeToExpiryListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string? Name, double Seconds)> _values = [];

        public TimeToExpiryListener(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StsResilienceTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)
                    && instrument.Name == "sts_resilience.credentials.time_to_expiry")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                string? name = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == TelemetryTags.RoleArn)
                    {
                        name = tag.Value as string;
                    }
                }

                _values.Add((name, value));
            });
            _listener.Start();
        }

        public IReadOnlyList<(string? Name, double Seconds)> Read()
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return [.. _values];
        }

        public void Dispose() => _listener.Dispose();
    }
}
