using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using BenchmarkDotNet.Attributes;
using Sts.Resilience.Http;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks;

/// <summary>
/// What <see cref="AwsSigV4Handler"/> adds to a successful signed request, side by side with calling the AWS SDK's
/// <see cref="AWSSigV4Signer"/> directly with a credentials snapshot and copying its headers onto the request. Both send
/// through an <see cref="HttpMessageInvoker"/> to an in-memory handler that answers 200, so only signing and the handler
/// are measured. The handler signs with <see cref="RefreshingRoleCredentials"/> (a cached session from LocalSts); the
/// direct call with a <see cref="SessionAWSCredentials"/> of the same session.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SigV4HandlerOverhead
{
    private static readonly Uri Url = new("https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders/42?expand=lines");
    private static readonly byte[] Body = new byte[1024];

    private LocalSts _sts = null!;
    private RefreshingRoleCredentials _refreshing = null!;
    private AWSSigV4Parameters _snapshot = null!;
    private HttpMessageInvoker _direct = null!;
    private HttpMessageInvoker _handler = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sts = LocalSts.StartAsync().GetAwaiter().GetResult();
        var user = _sts.CreateUser("bench");
        var role = _sts.CreateRole("bench");
        _refreshing = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions { RoleArn = role.Arn, SourceCredentials = user.Credentials },
            SdkStsClients.Create(_sts, user.Credentials));
        var session = _refreshing.GetCredentials();
        _snapshot = new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(session.AccessKey, session.SecretKey, session.Token),
            Region = RegionEndpoint.USEast1,
            Service = "execute-api",
        };
        _direct = new HttpMessageInvoker(new OkHandler());
        _handler = new HttpMessageInvoker(new AwsSigV4Handler(_refreshing, "execute-api", "us-east-1") { InnerHandler = new OkHandler() });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _direct.Dispose();
        _handler.Dispose();
        _refreshing.Dispose();
        _sts.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("GET")]
    public async Task<HttpStatusCode> Get_SignerDirectWithSnapshot()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        await SignDirectAsync(request, content: null);
        using var response = await _direct.SendAsync(request, CancellationToken.None);
        return response.StatusCode;
    }

    [Benchmark]
    [BenchmarkCategory("GET")]
    public async Task<HttpStatusCode> Get_AwsSigV4Handler()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        using var response = await _handler.SendAsync(request, CancellationToken.None);
        return response.StatusCode;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("POST 1 KiB")]
    public async Task<HttpStatusCode> Post1KiB_SignerDirectWithSnapshot()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(Body) };
        await SignDirectAsync(request, Body);
        using var response = await _direct.SendAsync(request, CancellationToken.None);
        return response.StatusCode;
    }

    [Benchmark]
    [BenchmarkCategory("POST 1 KiB")]
    public async Task<HttpStatusCode> Post1KiB_AwsSigV4Handler()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(Body) };
        using var response = await _handler.SendAsync(request, CancellationToken.None);
        return response.StatusCode;
    }

    /// <summary>What a hand-written signing step does: sign the request's description, copy the headers on.</summary>
    private async Task SignDirectAsync(HttpRequestMessage request, byte[]? content)
    {
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri, Content = content };
        var result = await AWSSigV4Signer.SignAsync(signing, _snapshot, CancellationToken.None);
        foreach (var header in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    private sealed class OkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
