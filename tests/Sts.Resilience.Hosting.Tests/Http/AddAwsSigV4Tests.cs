using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Sts.Resilience.Http;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Http.Support;

namespace Sts.Resilience.Tests.Http;

/// <summary>AddAwsSigV4() on IHttpClientBuilder: where the credentials come from, and its place beside the resilience handler.</summary>
public sealed class AddAwsSigV4Tests
{
    private static List<DelegatingHandler> Chain(ServiceProvider services)
    {
        var handlers = new List<DelegatingHandler>();
        for (var handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(HttpTestServer.ClientName) as DelegatingHandler;
             handler is not null;
             handler = handler.InnerHandler as DelegatingHandler)
        {
            handlers.Add(handler);
        }

        return handlers;
    }

    /// <summary>The standard resilience handler, retrying at once so that a test does not wait.</summary>
    private static void AddImmediateRetries(IHttpClientBuilder builder) => builder.AddStandardResilienceHandler(o =>
    {
        o.Retry.Delay = TimeSpan.Zero;
        o.Retry.UseJitter = false;
    });

    [Fact]
    public async Task StandardResilienceHandlerAddedFirst_EachAttemptSignedAnew()
    {
        await using var server = await HttpTestServer.StartAsync();
        // Each signing takes the next session, so the key on each request tells which signing it came from.
        ImmutableCredentials[] sessions = [await server.AssumeRoleAsync(), await server.AssumeRoleAsync()];
        var credentials = new SessionListCredentials(sessions, rotateOnEveryCall: true);
        await using var services = server.CreateServices(builder =>
        {
            AddImmediateRetries(builder);
            builder.AddAwsSigV4("execute-api", server.Sts.Region, credentials);
        });
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpTestServer.ClientName);
        server.Sts.Faults.FailNext(LocalStsActions.ExecuteApi, LocalStsFault.ServiceUnavailable);

        using var response = await client.GetAsync(new Uri("/prod/orders", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var attempts = server.Sts.Requests.Where(r => r.Action == LocalStsActions.ExecuteApi).ToList();
        Assert.Equal([503, 200], attempts.Select(r => r.StatusCode));
        // Signed twice: the second attempt carries the second session.
        Assert.Equal(2, credentials.Calls);
        Assert.Equal(sessions[1].AccessKey, attempts[1].AccessKeyId);
        var chain = Chain(services);
        Assert.True(
            chain.FindIndex(h => h.GetType().Name == "ResilienceHandler") < chain.FindIndex(h => h is AwsSigV4Handler),
            "The resilience handler must be outside (before) the signer: " + string.Join(" > ", chain.Select(h => h.GetType().Name)));
    }

    [Fact]
    public async Task SignerAddedBeforeResilienceHandler_RetriesReplayTheFirstSignature()
    {
        // The wrong order, to show what the test above guards against: the retry resends the same signed message.
        await using var server = await HttpTestServer.StartAsync();
        ImmutableCredentials[] sessions = [await server.AssumeRoleAsync(), await server.AssumeRoleAsync()];
        var credentials = new SessionListCredentials(sessions, rotateOnEveryCall: true);
        await using var services = server.CreateServices(builder =>
        {
            builder.AddAwsSigV4("execute-api", server.Sts.Region, credentials);
            AddImmediateRetries(builder);
        });
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpTestServer.ClientName);
        server.Sts.Faults.FailNext(LocalStsActions.ExecuteApi, LocalStsFault.ServiceUnavailable);

        using var response = await client.GetAsync(new Uri("/prod/orders", UriKind.Relative));

        var attempts = server.Sts.Requests.Where(r => r.Action == LocalStsActions.ExecuteApi).ToList();
        Assert.Equal([503, 200], attempts.Select(r => r.StatusCode));
        // Signed once: the retry resent the first signature (fine here, rejected once it is 5 minutes old).
        Assert.Equal(1, credentials.Calls);
        Assert.Equal(sessions[0].AccessKey, attempts[1].AccessKeyId);
    }

    [Fact]
    public async Task WithoutCredentials_UsesAWSOptionsCredentialsFromTheContainer()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var credentials = server.CreateRoleCredentials();
        await using var services = server.CreateServices(
            b => b.AddAwsSigV4("execute-api", server.Sts.Region),
            s => s.AddSingleton(new AWSOptions { Credentials = credentials }));

        var handler = Assert.Single(Chain(services).OfType<AwsSigV4Handler>());
        using var response = await services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpTestServer.ClientName)
            .GetAsync(new Uri("/prod/orders", UriKind.Relative));

        Assert.Same(credentials, handler.Credentials);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WithoutCredentials_NoneRegistered_SaysWhatToRegister()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var services = server.CreateServices(b => b.AddAwsSigV4("execute-api", server.Sts.Region));

        var ex = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpTestServer.ClientName));

        Assert.Contains("call services.AddRefreshingRoleCredentials()", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddAwsSigV4(service, region, credentials)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAwsSigV4_EmptyService_ThrowsAtRegistration()
    {
        var builder = new ServiceCollection().AddHttpClient("x");

        Assert.Throws<ArgumentException>(() => builder.AddAwsSigV4("", "us-east-1", new AnonymousAWSCredentials()));
    }
}
