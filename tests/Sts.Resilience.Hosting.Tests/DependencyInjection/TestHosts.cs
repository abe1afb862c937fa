using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>A LocalSts with a user and a role, and real hosts configured to reach it, all on one fake session clock.</summary>
internal sealed class DiFixture : IAsyncDisposable
{
    private DiFixture(LocalSts sts, FakeTimeProvider time)
    {
        Sts = sts;
        Time = time;
        User = sts.CreateUser("app");
        Role = sts.CreateRole("app-role");
    }

    public LocalSts Sts { get; }

    public FakeTimeProvider Time { get; }

    public LocalStsUser User { get; }

    public LocalStsRole Role { get; }

    public static async Task<DiFixture> StartAsync(FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = time });
        return new DiFixture(sts, time);
    }

    /// <summary>Configuration with which every AddAWSService client and the credentials reach LocalSts.</summary>
    public Dictionary<string, string?> Configuration(string? roleArn = null) => new()
    {
        ["AWS:ServiceURL"] = Sts.ServiceUrl,
        ["AWS:AuthenticationRegion"] = Sts.Region,
        ["AWS:AssumeRole:RoleArn"] = roleArn ?? Role.Arn,
        ["AWS:AssumeRole:ServiceUrl"] = Sts.ServiceUrl,
        ["AWS:AssumeRole:Region"] = Sts.Region,
        ["AWS:AssumeRole:Duration"] = "00:15:00",
    };

    /// <summary>A host builder with no default sources (no appsettings, no environment), this configuration and this clock.</summary>
    public HostApplicationBuilder CreateBuilder(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton<TimeProvider>(Time);
        return builder;
    }

    /// <summary>Gives the unkeyed registration LocalSts user credentials as the source (they cannot come from configuration).</summary>
    public void UseUserAsSource(IServiceCollection services, string? name = null) =>
        services.Configure<RefreshingRoleCredentialsOptions>(name ?? Microsoft.Extensions.Options.Options.DefaultName, o => o.SourceCredentials = User.Credentials);

    public RefreshingRoleCredentialsOptions CodeOptions(LocalStsRole role) => new()
    {
        RoleArn = role.Arn,
        SourceCredentials = User.Credentials,
        ServiceUrl = Sts.ServiceUrl,
        Region = Sts.Region,
        Duration = TimeSpan.FromMinutes(15),
    };

    public async ValueTask DisposeAsync()
    {
        // The hosts register the process-wide expired-token retry; the next test starts without it.
        ExpiredTokenRetry.Reset();
        await Sts.DisposeAsync();
    }
}

internal static class OptionsCopy
{
    public static void CopyTo(this RefreshingRoleCredentialsOptions source, RefreshingRoleCredentialsOptions target)
    {
        target.RoleArn = source.RoleArn;
        target.SourceCredentials = source.SourceCredentials;
        target.ServiceUrl = source.ServiceUrl;
        target.Region = source.Region;
        target.Duration = source.Duration;
        target.RoleSessionName = source.RoleSessionName;
        target.ExternalId = source.ExternalId;
        target.BackgroundRefresh = source.BackgroundRefresh;
    }
}
