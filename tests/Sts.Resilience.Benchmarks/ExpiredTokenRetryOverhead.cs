using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using BenchmarkDotNet.Attributes;

namespace Sts.Resilience.Benchmarks;

/// <summary>
/// What the expired-token retry costs a call that succeeds: the same STS client type with and without the retry
/// installed, answering from an in-memory HTTP handler so only the SDK pipeline is measured. The third client has the
/// retry with the SDK's own <see cref="Amazon.Runtime.Internal.Signer"/> put back, which isolates what the retry's
/// signer (<c>SnapshotSigner</c>, one read of the credentials per signature) costs.
/// </summary>
[MemoryDiagnoser]
public class ExpiredTokenRetryOverhead
{
    private AmazonSecurityTokenServiceClient _plain = null!;
    private AmazonSecurityTokenServiceClient _withRetry = null!;
    private AmazonSecurityTokenServiceClient _withRetrySdkSigner = null!;

    [GlobalSetup]
    public void Setup()
    {
        ExpiredTokenRetry.RegisterFor([typeof(RetryEnabledStsClient)]);
        var credentials = new SessionAWSCredentials("ASIAEXAMPLEEXAMPLE00", "secret", "token");
        _plain = new AmazonSecurityTokenServiceClient(credentials, Config());
        _withRetry = new RetryEnabledStsClient(credentials, Config());
        var sdkSigner = new RetryEnabledStsClient(credentials, Config());
        sdkSigner.UseSdkSigner();
        _withRetrySdkSigner = sdkSigner;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _withRetry.Dispose();
        _withRetrySdkSigner.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<GetCallerIdentityResponse> GetCallerIdentity_WithoutRetry() => _plain.GetCallerIdentityAsync(new GetCallerIdentityRequest());

    [Benchmark]
    public Task<GetCallerIdentityResponse> GetCallerIdentity_WithExpiredTokenRetry() => _withRetry.GetCallerIdentityAsync(new GetCallerIdentityRequest());

    [Benchmark]
    public Task<GetCallerIdentityResponse> GetCallerIdentity_WithExpiredTokenRetry_SdkSigner() => _withRetrySdkSigner.GetCallerIdentityAsync(new GetCallerIdentityRequest());

    private static AmazonSecurityTokenServiceConfig Config() => new()
    {
        ServiceURL = "http://127.0.0.1:1",
        AuthenticationRegion = "us-east-1",
        HttpClientFactory = new CannedFactory(),
    };

    private sealed class RetryEnabledStsClient(AWSCredentials credentials, AmazonSecurityTokenServiceConfig config)
        : AmazonSecurityTokenServiceClient(credentials, config)
    {
        public void UseSdkSigner() => RuntimePipeline.ReplaceHandler<Sts.Resilience.Retry.SnapshotSigner>(new Amazon.Runtime.Internal.Signer());
    }

    private sealed class CannedFactory : HttpClientFactory
    {
        private static readonly HttpClient Client = new(new CannedHandler());

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => Client;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    private sealed class CannedHandler : HttpMessageHandler
    {
        private static readonly byte[] Body = Encoding.UTF8.GetBytes(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
            + "<Arn>arn:aws:sts::123456789012:assumed-role/demo/s</Arn><UserId>AROAEXAMPLE:s</UserId><Account>123456789012</Account>"
            + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Body), RequestMessage = request });
    }
}
