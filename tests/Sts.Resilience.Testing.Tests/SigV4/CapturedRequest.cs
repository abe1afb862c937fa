using Amazon.Runtime;

namespace Sts.Resilience.Testing.Tests.SigV4;

/// <summary>An HTTP request exactly as the AWS SDK sent it (headers and body bytes), to replay or mutate.</summary>
internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    // Content headers live on HttpContent; the rest on the request. HttpClient sets these itself.
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Encoding", "Content-MD5", "Content-Language", "Content-Disposition", "Expires", "Last-Modified",
    };

    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Expect",
    };

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public CapturedRequest WithHeader(string name, string? value)
    {
        var headers = Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (value is not null)
        {
            headers.Add(new(name, value));
        }

        return this with { Headers = headers };
    }

    public HttpRequestMessage ToHttp()
    {
        var message = new HttpRequestMessage(Method, Uri);
        if (Body.Length > 0 || Method == HttpMethod.Post || Method == HttpMethod.Put)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = null;
        }

        foreach (var (name, value) in Headers)
        {
            if (TransportHeaders.Contains(name))
            {
                continue;
            }

            if (ContentHeaders.Contains(name) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>Hands the SDK an HttpClient that records every request it sends, then forwards it to LocalSts.</summary>
    public sealed class Recorder : HttpClientFactory, IDisposable
    {
        private readonly Handler _handler = new();

        public void Dispose() => _handler.Dispose();

        public IReadOnlyList<CapturedRequest> Requests => [.. _handler.Captured];

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

        private sealed class Handler() : DelegatingHandler(new HttpClientHandler())
        {
            public System.Collections.Concurrent.ConcurrentQueue<CapturedRequest> Captured { get; } = new();

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
                // NonValidated: the header text as the SDK set it (the parsed view would re-join product tokens with commas).
                var headers = request.Headers.NonValidated.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()))
                    .Concat(request.Content?.Headers.NonValidated.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())) ?? [])
                    .ToList();
                if (request.Headers.Host is null)
                {
                    headers.Add(new("Host", request.RequestUri!.Authority));
                }

                var captured = new CapturedRequest(request.Method, request.RequestUri!, headers, body);
                Captured.Enqueue(captured);
                using var forward = captured.ToHttp();
                return await base.SendAsync(forward, cancellationToken);
            }
        }
    }
}
