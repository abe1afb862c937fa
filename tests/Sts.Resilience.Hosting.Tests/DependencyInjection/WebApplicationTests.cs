using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>A minimal API on 127.0.0.1 with the health endpoint a load balancer would probe.</summary>
[Collection(DependencyInjectionTestGroup.Name)]
public sealed class WebApplicationTests
{
    [Fact]
    public async Task HealthEndpoint_StsDownThenCredentialsExpire_200Healthy_200Degraded_503Unhealthy()
    {
        await using var fx = await DiFixture.StartAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(fx.Configuration());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(fx.Time);
        builder.Services.AddRefreshingRoleCredentials();
        fx.UseUserAsSource(builder.Services);
        builder.Services.AddHealthChecks().AddRefreshingRoleCredentialsCheck();
        await using var app = builder.Build();
        app.MapHealthChecks("/health");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
        var credentials = app.Services.GetRequiredService<RefreshingRoleCredentials>();

        var healthy = await http.GetAsync(new Uri("/health", UriKind.Relative));
        fx.Sts.Faults.StartOutage(TimeSpan.FromHours(1));
        fx.Time.Advance(TimeSpan.FromMinutes(11));
        await Assert.ThrowsAnyAsync<AmazonClientException>(() => credentials.GetCredentialsAsync(TimeSpan.FromMinutes(10)));
        var degraded = await http.GetAsync(new Uri("/health", UriKind.Relative));
        fx.Time.Advance(TimeSpan.FromMinutes(5));
        var unhealthy = await http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (healthy.StatusCode, await healthy.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (degraded.StatusCode, await degraded.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (unhealthy.StatusCode, await unhealthy.Content.ReadAsStringAsync()));
        await app.StopAsync();
    }
}
