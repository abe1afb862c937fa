using System.Security.Cryptography;
using System.Text;
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
}
