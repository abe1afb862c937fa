using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Sts.Resilience.Http;

namespace Sts.Resilience.Tests.Http;

/// <summary>
/// A handler outside the signer (a retry, a resilience pipeline) sends the same message again: the signer must tell the
/// caller's own <c>x-amz-content-sha256</c> from the one it added itself at the previous attempt. In memory, no server:
/// the inner handler answers 503 once, then 200, and records what each attempt carried.
/// </summary>
public sealed class AwsSigV4HandlerResendTests
{
    private static readonly Uri Url = new("https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders");
    private static readonly byte[] Body = [1, 2, 3, 4];

    [Fact]
    public async Task OuterRetry_CallersOwnHash_KeptOnEveryAttempt()
    {
        var attempts = await SendTwiceAsync(request => request.Headers.Add("x-amz-content-sha256", "UNSIGNED-PAYLOAD"));

        Assert.Equal(["UNSIGNED-PAYLOAD", "UNSIGNED-PAYLOAD"], attempts.Select(a => a.ContentHash));
        Assert.Equal(2, attempts.Select(a => a.Authorization).Distinct().Count());
    }

    [Fact]
    public async Task OuterRetry_NoHashOfTheCallers_HandlersOwnHashOnEveryAttempt()
    {
        var attempts = await SendTwiceAsync(_ => { });

        var hash = Convert.ToHexString(SHA256.HashData(Body)).ToLowerInvariant();
        Assert.Equal([hash, hash], attempts.Select(a => a.ContentHash));
        Assert.Equal(2, attempts.Select(a => a.Authorization).Distinct().Count());
    }

    private static async Task<List<(string ContentHash, string Authorization)>> SendTwiceAsync(Action<HttpRequestMessage> prepare)
    {
        var recorder = new RecordingHandler();
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        using var invoker = new HttpMessageInvoker(new RetryOnceHandler
        {
            InnerHandler = new AwsSigV4Handler(credentials, "execute-api", "us-east-1") { InnerHandler = recorder },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(Body) };
        prepare(request);

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return recorder.Attempts;
    }

    /// <summary>Sends the same message again after a 503, as a retry handler outside the signer does.</summary>
    private sealed class RetryOnceHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }

            response.Dispose();
            // One more signed header, so that the two signatures differ even within the same second.
            request.Headers.Add("x-amz-meta-attempt", "2");
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(string ContentHash, string Authorization)> Attempts { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Attempts.Add((request.Headers.GetValues("x-amz-content-sha256").Single(), request.Headers.GetValues("Authorization").Single()));
            var status = Attempts.Count == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
            return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
        }
    }
}
