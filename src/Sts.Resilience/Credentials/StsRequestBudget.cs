using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace Sts.Resilience.Credentials;

/// <summary>
/// Bounds how many HTTP requests one fetch sends to STS through a client this package created. AWSSDK.Core 4.1 resends
/// a request whose response broke off mid-body (a connection reset) on top of its configured retries, so against an
/// STS that keeps resetting connections one AssumeRole call became 13 requests (<c>RequestBoundTests</c>). The
/// client's HTTP pipeline goes through this factory's handler, which refuses the request after
/// <see cref="RequestsPerFetch"/> since the last <see cref="BeginFetch"/>: the SDK gets an exception it does not
/// retry, the refresh fails, and the engine backs off. Clients the caller passes in are not changed.
/// </summary>
internal sealed class StsRequestBudget : HttpClientFactory, IDisposable
{
    /// <summary>The most requests one fetch sends: the AWS SDK's standard retry mode's three attempts.</summary>
    public const int RequestsPerFetch = 3;

    private readonly object _gate = new();
    private HttpClient? _client;
    private int _remaining = RequestsPerFetch;

    /// <summary>Makes <paramref name="config"/> send through this budget; call before the client is created.</summary>
    /// <param name="config">The configuration of an STS client this package creates.</param>
    public void Attach(ClientConfig config) => config.HttpClientFactory = this;

    /// <summary>
    /// The configuration of an STS client this package creates: the fetch's time limit, the region (or an explicit
    /// endpoint, signed for the region or <c>us-east-1</c>), and this budget on its HTTP pipeline.
    /// </summary>
    /// <param name="timeout">The HTTP timeout of one request.</param>
    /// <param name="region">The region's system name, or <see langword="null"/> for the SDK's resolution.</param>
    /// <param name="serviceUrl">An explicit STS endpoint, or <see langword="null"/>.</param>
    /// <returns>A new configuration.</returns>
    public AmazonSecurityTokenServiceConfig CreateConfig(TimeSpan timeout, string? region, string? serviceUrl)
    {
        var config = new AmazonSecurityTokenServiceConfig { Timeout = timeout };
        Attach(config);
        if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (serviceUrl is not null)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = region ?? "us-east-1";
        }

        return config;
    }

    /// <summary>Starts a fetch: the next <see cref="RequestsPerFetch"/> requests may go out. Fetches of one source never overlap (single flight).</summary>
    public void BeginFetch() => Volatile.Write(ref _remaining, RequestsPerFetch);

    /// <inheritdoc/>
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        lock (_gate)
        {
            if (_client is null)
            {
                _client = new HttpClient(new BudgetHandler(this, new HttpClientHandler()), disposeHandler: true);
                if (clientConfig.Timeout is { } timeout)
                {
                    _client.Timeout = timeout;
                }
            }

            return _client;
        }
    }

    /// <inheritdoc/>
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    /// <inheritdoc/>
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }
    }

    private bool TryTake() => Interlocked.Decrement(ref _remaining) >= 0;

    private sealed class BudgetHandler(StsRequestBudget budget, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => budget.TryTake() ? base.SendAsync(request, cancellationToken) : Task.FromException<HttpResponseMessage>(Exhausted());

#if NET
        /// <summary>The SDK's synchronous pipeline (AWSSDK.Core's .NET 8 build) sends here: the same budget.</summary>
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
            => budget.TryTake() ? base.Send(request, cancellationToken) : throw Exhausted();
#endif

        // An AmazonClientException with no transport error inside: the SDK's retry policy does not retry it.
        private static AmazonClientException Exhausted() => new(
            $"STS did not answer within {RequestsPerFetch} requests (the connection broke off each time); this refresh stops here and the next one is backed off.");
    }
}
