using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>The health check through the host's HealthCheckService, as LocalSts goes down and the fake clock moves on.</summary>
[Collection(DependencyInjectionTestGroup.Name)]
public sealed class HealthCheckTests
{
    [Fact]
    public async Task Check_StsGoesDownAndTimePasses_HealthyThenDegradedThenUnhealthy()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddHealthChecks().AddRefreshingRoleCredentialsCheck();
        using var host = builder.Build();
        await host.StartAsync();
        var credentials = host.Services.GetRequiredService<RefreshingRoleCredentials>();
        var expiration = credentials.Status.Expiration!.Value;

        var healthy = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.StartsWith($"Credentials for {fx.Role.Arn} are valid for 15m00s, until ", healthy.Description, StringComparison.Ordinal);

        fx.Sts.Faults.StartOutage(TimeSpan.FromHours(1));
        fx.Time.Advance(TimeSpan.FromMinutes(11)); // inside the advisory window: the background refresh runs and fails
        await Assert.ThrowsAnyAsync<AmazonClientException>(() => credentials.GetCredentialsAsync(TimeSpan.FromMinutes(10)));

        var degraded = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Matches("the cached credentials are still valid for (4m00s|3m59s), until ", degraded.Description);
        Assert.InRange((double)degraded.Data["time_left_seconds"], 239d, 240d); // 15 min session, 11 min later
        Assert.Contains("ServiceUnavailable", degraded.Description, StringComparison.Ordinal);
        Assert.Contains("ServiceUnavailable", (string)degraded.Data["last_error"], StringComparison.Ordinal);
        Assert.Equal(expiration, degraded.Data["expiration"]);

        fx.Time.Advance(TimeSpan.FromMinutes(5));

        var unhealthy = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains("expired at", unhealthy.Description, StringComparison.Ordinal);
        Assert.InRange((double)unhealthy.Data["time_left_seconds"], -61d, -60d);

        await host.StopAsync();
    }

    [Fact]
    public async Task Check_FirstFetchFailedAndNothingCached_Unhealthy()
    {
        await using var fx = await DiFixture.StartAsync();
        fx.Sts.Faults.StartOutage(TimeSpan.FromHours(1));
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.Configure<RefreshingRoleCredentialsStartupOptions>(o => o.FailStartupOnError = false);
        builder.Services.AddHealthChecks().AddRefreshingRoleCredentialsCheck();
        using var host = builder.Build();
        await host.StartAsync();

        var report = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.StartsWith($"No credentials for {fx.Role.Arn}: the first fetch failed: ", report.Description, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task Check_NotWarmedUpYet_Degraded()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.Configure<RefreshingRoleCredentialsStartupOptions>(o => o.WarmUp = false);
        builder.Services.AddHealthChecks().AddRefreshingRoleCredentialsCheck();
        using var host = builder.Build();
        await host.StartAsync();

        var report = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal(0, fx.Sts.Counters.Count(LocalStsActions.AssumeRole)); // the check itself never calls STS
        await host.StopAsync();
    }

    [Fact]
    public async Task Check_KeyedRegistration_HasItsOwnNameAndRole()
    {
        await using var fx = await DiFixture.StartAsync();
        var audit = fx.Sts.CreateRole("audit-role");
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddKeyedRefreshingRoleCredentials("audit", o => fx.CodeOptions(audit).CopyTo(o));
        builder.Services.AddHealthChecks().AddRefreshingRoleCredentialsCheck().AddRefreshingRoleCredentialsCheck(tags: ["ready"], serviceKey: "audit");
        using var host = builder.Build();
        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(["aws-role-credentials", "aws-role-credentials:audit"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(audit.Arn, report.Entries["aws-role-credentials:audit"].Data["role"]);
        Assert.Equal(["ready"], report.Entries["aws-role-credentials:audit"].Tags);
        Assert.Equal(fx.Role.Arn, report.Entries["aws-role-credentials"].Data["role"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddRefreshingRoleCredentialsCheck_ObjectKeyFailureStatusAndTimeout_RegisteredAsGiven()
    {
        await using var fx = await DiFixture.StartAsync();
        var audit = fx.Sts.CreateRole("audit-role");
        var builder = fx.CreateBuilder(fx.Configuration());
        builder.Services.AddKeyedRefreshingRoleCredentials(RoleKey.Audit, o => fx.CodeOptions(audit).CopyTo(o));
        builder.Services.AddHealthChecks().AddRefreshingRoleCredentialsCheck(failureStatus: HealthStatus.Degraded, timeout: TimeSpan.FromSeconds(2), serviceKey: RoleKey.Audit);
        using var host = builder.Build();
        await host.StartAsync();

        var registration = Assert.Single(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal("aws-role-credentials:Audit", registration.Name);
        Assert.Equal(HealthStatus.Degraded, registration.FailureStatus);
        Assert.Equal(TimeSpan.FromSeconds(2), registration.Timeout);
        Assert.Same(host.Services.GetRequiredKeyedService<RefreshingRoleCredentials>(RoleKey.Audit), host.Services.GetRequiredKeyedService<RefreshingRoleCredentials>(RoleKey.Audit));
        Assert.Equal(audit.Arn, report.Entries["aws-role-credentials:Audit"].Data["role"]);
        Assert.Equal(HealthStatus.Healthy, report.Entries["aws-role-credentials:Audit"].Status);
        await host.StopAsync();
    }

    private enum RoleKey
    {
        Audit,
    }

    [Fact]
    public void AddRefreshingRoleCredentialsCheck_NullBuilder_Throws()
        => Assert.Throws<ArgumentNullException>("builder", () => RefreshingRoleCredentialsHealthChecksBuilderExtensions.AddRefreshingRoleCredentialsCheck(null!));

    private static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[RefreshingRoleCredentialsHealthChecksBuilderExtensions.DefaultName];
    }
}
