using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.Http.Support;

/// <summary>A LocalSts with a user, a role and role credentials, and an <c>IHttpClientFactory</c> client named "api" pointed at it.</summary>
internal sealed class HttpTestServer : IAsyncDisposable
{
    public const string ClientName = "api";

    private HttpTestServer(LocalSts sts, FakeTimeProvider time, LocalStsUser user, LocalStsRole role)
    {
        Sts = sts;
        Time = time;
        User = user;
        Role = role;
    }

    public LocalSts Sts { get; }

    /// <summary>The session clock of LocalSts and of the credentials; signatures stay on the wall clock.</summary>
    public FakeTimeProvider Time { get; }

    public LocalStsUser User { get; }

    public LocalStsRole Role { get; }

    public static async Task<HttpTestServer> StartAsync()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = time });
        return new HttpTestServer(sts, time, sts.CreateUser("app"), sts.CreateRole("api-caller"));
    }

    public RefreshingRoleCredentials CreateRoleCredentials(TimeSpan? duration = null) => new(
        new RefreshingRoleCredentialsOptions
        {
            RoleArn = Role.Arn,
            RoleSessionName = "http-tests",
            SourceCredentials = User.Credentials,
            ServiceUrl = Sts.ServiceUrl,
            Region = Sts.Region,
            Duration = duration ?? TimeSpan.FromHours(1),
            BackgroundRefresh = false,
        },
        timeProvider: Time);

    public async Task<ImmutableCredentials> AssumeRoleAsync()
    {
        using var client = Sts.CreateStsClient(User.Credentials);
        var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Role.Arn, RoleSessionName = "http-tests" });
        var c = response.Credentials;
        return new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
    }

    /// <summary>A container with the "api" client; <paramref name="configure"/> adds the handlers.</summary>
    public ServiceProvider CreateServices(Action<IHttpClientBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        services?.Invoke(collection);
        configure(collection.AddHttpClient(ClientName, c => c.BaseAddress = new Uri(Sts.ServiceUrl)));
        return collection.BuildServiceProvider();
    }

    /// <summary>The "api" client signed by <c>AddAwsSigV4(service, region, credentials)</c>; dispose the container.</summary>
    public (ServiceProvider Services, HttpClient Client) CreateSignedClient(string service, AWSCredentials credentials)
    {
        var services = CreateServices(b => b.AddAwsSigV4(service, Sts.Region, credentials));
        return (services, services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName));
    }

    /// <summary>One successful call (so the credentials hold a session), then every session revoked and the counters cleared.</summary>
    public async Task WarmUpThenRevokeAsync(HttpClient client)
    {
        using (var response = await client.GetAsync(new Uri("/prod/warm-up", UriKind.Relative)))
        {
            response.EnsureSuccessStatusCode();
        }

        Sts.RevokeAllSessions();
        Sts.Counters.Reset();
    }

    public int Count(string action, string outcome) => Sts.Requests.Count(r => r.Action == action && r.Outcome == outcome);

    public ValueTask DisposeAsync() => Sts.DisposeAsync();
}
