using System.Reflection;
using Amazon.Runtime;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 11's two credential endpoints on a LocalSts, and both kinds of credentials pointed at each: ours with options,
/// the AWS SDK's (<c>GenericContainerCredentials</c>, <c>InstanceProfileAWSCredentials</c>) through the standard
/// environment variables, as in production. The variables name LocalSts on 127.0.0.1 only.
/// </summary>
internal sealed class EndpointSetup
{
    private EndpointSetup(LocalSts sts, bool imds, string url, string? token)
    {
        Sts = sts;
        Imds = imds;
        Url = url;
        Token = token;
    }

    public LocalSts Sts { get; }

    public bool Imds { get; }

    public string Url { get; }

    public string? Token { get; }

    public string Service => Imds ? LocalStsServices.InstanceMetadata : LocalStsServices.ContainerCredentials;

    public string Kind => Imds ? "instance metadata (IMDSv2)" : "container endpoint";

    /// <summary>Gets every HTTP request the endpoint received (for IMDS: tokens, role names and credentials).</summary>
    public int Requests => Imds
        ? Sts.Counters.Count(LocalStsActions.GetImdsToken) + Sts.Counters.Count(LocalStsActions.GetImdsRoleName) + Sts.Counters.Count(LocalStsActions.GetImdsCredentials)
        : Sts.Counters.Count(LocalStsActions.GetContainerCredentials);

    /// <summary>
    /// Starts a LocalSts; for instance metadata always on the same port, because AWSSDK.Core keeps the IMDS endpoint it
    /// resolved first in a cache that resetting does not always clear (seen in this run: the second
    /// InstanceProfileAWSCredentials of the process called the first LocalSts's port).
    /// </summary>
    public static Task<LocalSts> StartAsync(bool imds, TimeProvider? sessionClock = null, TimeProvider? signatureClock = null) =>
        LocalSts.StartAsync(new LocalStsOptions
        {
            TimeProvider = sessionClock ?? TimeProvider.System,
            SignatureClock = signatureClock ?? TimeProvider.System,
            Port = imds ? ImdsPort.Value : 0,
        });

    private static readonly Lazy<int> ImdsPort = new(() =>
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    });

    public static EndpointSetup Create(LocalSts sts, bool imds, TimeSpan sessionDuration, TimeSpan renewBefore)
    {
        var role = sts.CreateRole("bench", o => o.MaxSessionDuration = TimeSpan.FromHours(12));
        if (imds)
        {
            var metadata = sts.CreateInstanceMetadata(role, o => (o.SessionDuration, o.RenewBefore) = (sessionDuration, renewBefore));
            return new EndpointSetup(sts, imds: true, metadata.Endpoint, token: null);
        }

        var container = sts.CreateContainerCredentials(role, o => (o.SessionDuration, o.RenewBefore) = (sessionDuration, renewBefore));
        return new EndpointSetup(sts, imds: false, container.FullUri, container.AuthorizationToken);
    }

    public string OursName => Imds ? "RefreshingInstanceProfileCredentials" : "RefreshingContainerCredentials";

    public string SdkName => Imds ? "InstanceProfileAWSCredentials (AWS SDK)" : "GenericContainerCredentials (AWS SDK)";

    public RefreshingCredentials CreateOurs(TimeProvider time, bool backgroundRefresh) => Imds
        ? new RefreshingInstanceProfileCredentials(new RefreshingInstanceProfileCredentialsOptions { Endpoint = Url, BackgroundRefresh = backgroundRefresh, Timeout = TimeSpan.FromSeconds(10) }, time)
        : new RefreshingContainerCredentials(new RefreshingContainerCredentialsOptions { FullUri = Url, AuthorizationToken = Token, BackgroundRefresh = backgroundRefresh, Timeout = TimeSpan.FromSeconds(10) }, time);

    /// <summary>The SDK's provider, configured the way a task or an instance configures it: by environment variables.</summary>
    public AWSCredentials CreateSdk()
    {
        if (Imds)
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", null);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT", Url);
            ResetSdkEnvironmentCache();
            return new InstanceProfileAWSCredentials();
        }

        Environment.SetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null);
        Environment.SetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI", Url);
        Environment.SetEnvironmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN", Token);
        return new GenericContainerCredentials();
    }

    /// <summary>AWSSDK.Core 4.1 caches the IMDS endpoint from the environment on first use; its own tests reset it so.</summary>
    private static void ResetSdkEnvironmentCache()
    {
        foreach (var (typeName, method) in new[] { ("FallbackInternalConfigurationFactory", "Reset"), ("EC2InstanceMetadata", "ResetServiceEndpoint") })
        {
            var type = typeof(AWSCredentials).Assembly.GetTypes().Single(t => t.Name == typeName);
            type.GetMethod(method, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.Invoke(null, null);
        }
    }
}
