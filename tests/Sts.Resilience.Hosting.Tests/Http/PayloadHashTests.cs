using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Sts.Resilience.Http;

namespace Sts.Resilience.Tests.Http;

/// <summary>The in-place hash of in-memory bodies that <see cref="AwsSigV4Handler"/> hands the signer.</summary>
public sealed class PayloadHashTests
{
    private static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    [Fact]
    public async Task ComputeAsync_SeveralBodiesInARow_EachHashIsItsOwn()
    {
        // The sink is reused on a thread: each hash must start from nothing.
        var first = Encoding.UTF8.GetBytes("first body");
        var second = new byte[70_000];
        Random.Shared.NextBytes(second);

        Assert.Equal(Sha256Hex(first), await PayloadHash.ComputeAsync(new ByteArrayContent(first)));
        Assert.Equal(Sha256Hex(second), await PayloadHash.ComputeAsync(new ReadOnlyMemoryContent(second)));
        Assert.Equal(Sha256Hex([]), await PayloadHash.ComputeAsync(new ByteArrayContent([])));
        Assert.Equal(Sha256Hex(first), await PayloadHash.ComputeAsync(new StringContent("first body")));
    }

    [Fact]
    public async Task Empty_IsTheHashOfNothing_AndWhatAnEmptyBodyHashesTo()
    {
        // A request without a body is signed with this constant instead of hashing nothing on every request.
        Assert.Equal(PayloadHash.Empty, Sha256Hex([]));
        Assert.Equal(PayloadHash.Empty, await PayloadHash.ComputeAsync(new StringContent(string.Empty)));

        // After an empty body, the reused sink still hashes the next one from the start.
        Assert.Equal(Sha256Hex([7]), await PayloadHash.ComputeAsync(new ByteArrayContent([7])));
    }

    [Theory]
    [InlineData("GET", 0)]
    [InlineData("POST", 1024)]
    public async Task SuppliedHash_SignsExactlyAsTheSignerReadingTheBody(string method, int length)
    {
        // What the handler relies on (and what makes its benchmark a like-for-like comparison): AWSSDK.Core's signer
        // signs a supplied x-amz-content-sha256 as it would the body it hashes itself, same headers, same signature.
        var body = new byte[length];
        Random.Shared.NextBytes(body);
        var parameters = new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials("ASIAEXAMPLEEXAMPLE01", "secret", "token"),
            Region = RegionEndpoint.USEast1,
            Service = "execute-api",
            SignedAt = new DateTime(2026, 12, 1, 23, 0, 0, DateTimeKind.Utc),
        };
        var url = new Uri("https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders/42?expand=lines");
        var direct = await AWSSigV4Signer.SignAsync(
            new AWSSigningRequest { HttpMethod = new HttpMethod(method), RequestUri = url, Content = length == 0 ? null : body }, parameters);
        var supplied = new AWSSigningRequest { HttpMethod = new HttpMethod(method), RequestUri = url };
        supplied.Headers["x-amz-content-sha256"] = length == 0 ? PayloadHash.Empty : await PayloadHash.ComputeAsync(new ByteArrayContent(body));

        var signed = await AWSSigV4Signer.SignAsync(supplied, parameters);

        Assert.Equal(direct.Headers.OrderBy(h => h.Key, StringComparer.Ordinal), signed.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,", direct.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeAsync_ContentWritingSeveralTimes_HashesEverything()
    {
        // Form content of a buffered request writes its buffer; a content that writes twice must not lose the first write.
        var content = new FormUrlEncodedContent([new("a", "1"), new("b", "2")]);
        await content.LoadIntoBufferAsync();

        Assert.Equal(Sha256Hex("a=1&b=2"u8.ToArray()), await PayloadHash.ComputeAsync(content));
        Assert.Equal(Sha256Hex("a=1&b=2"u8.ToArray()), await PayloadHash.ComputeAsync(new TwoWritesContent()));
    }

    [Fact]
    public void CanHash_FrameworkInMemoryTypesOnly()
    {
        Assert.True(PayloadHash.CanHash(new ByteArrayContent([1])));
        Assert.True(PayloadHash.CanHash(new StringContent("x")));
        Assert.True(PayloadHash.CanHash(new FormUrlEncodedContent([])));
        Assert.True(PayloadHash.CanHash(new ReadOnlyMemoryContent(new byte[1])));
        // A derived type may write something other than what it holds; a stream is not in memory.
        Assert.False(PayloadHash.CanHash(new DerivedContent()));
        Assert.False(PayloadHash.CanHash(new StreamContent(new MemoryStream([1]))));
    }

    private sealed class DerivedContent() : ByteArrayContent([1, 2, 3]);

    /// <summary>Writes its body in two calls; exercised through <see cref="PayloadHash"/> directly (it is not one of the in-memory types).</summary>
    private sealed class TwoWritesContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => throw new NotSupportedException();

        protected override void SerializeToStream(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            stream.Write("a=1&"u8.ToArray(), 0, 4);
            stream.Write("b=2"u8.ToArray(), 0, 3);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 7;
            return true;
        }
    }
}
