using System.Security.Cryptography;
using System.Text;
using Sts.Resilience.Testing.SigV4;

namespace Sts.Resilience.Testing.Tests.SigV4;

/// <summary>The aws-chunked decoder: signed chunks chain from the request signature; any tampering breaks the chain.</summary>
public class AwsChunkedTests
{
    private const string AmzDate = "20261128T120000Z";
    private const string Scope = "20261128/us-east-1/s3/aws4_request";
    private const string Seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static readonly byte[] Key = SigV4Math.SigningKey("secret", "20261128", "us-east-1", "s3");

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static string Sign(string previous, string kind, string hashes)
        => Hex(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{kind}\n{AmzDate}\n{Scope}\n{previous}\n{hashes}")));

    private static byte[] SignedBody(params string[] chunks)
    {
        var body = new StringBuilder();
        var previous = Seed;
        foreach (var chunk in chunks.Append(string.Empty))
        {
            var data = Encoding.UTF8.GetBytes(chunk);
            previous = Sign(previous, "AWS4-HMAC-SHA256-PAYLOAD",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" + Hex(SHA256.HashData(data)));
            body.Append(data.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture))
                .Append(";chunk-signature=").Append(previous).Append("\r\n").Append(chunk)
                .Append(data.Length > 0 ? "\r\n" : string.Empty);
        }

        const string trailer = "x-amz-checksum-crc32:AAAAAA==\n";
        var trailerSignature = Sign(previous, "AWS4-HMAC-SHA256-TRAILER", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(trailer))));
        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"x-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:{trailerSignature}\r\n\r\n");
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    [Fact]
    public void TryDecode_SignedChunksAndTrailer_ReturnsTheContent()
    {
        var decoder = new AwsChunked(Key, AmzDate, Scope, Seed);

        Assert.True(decoder.TryDecode(SignedBody("hello ", "world"), verify: true, out var payload, out var error), error);
        Assert.Equal("hello world", Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void TryDecode_ChunkDataAltered_Fails()
    {
        var body = SignedBody("hello ", "world");
        var at = Array.IndexOf(body, (byte)'w');
        body[at] = (byte)'W';

        Assert.False(new AwsChunked(Key, AmzDate, Scope, Seed).TryDecode(body, verify: true, out _, out var error));
        Assert.Equal("The chunk signature does not match.", error);
    }

    [Fact]
    public void TryDecode_OtherSeedSignature_Fails()
    {
        var decoder = new AwsChunked(Key, AmzDate, Scope, Seed.Replace('4', '5'));

        Assert.False(decoder.TryDecode(SignedBody("hello"), verify: true, out _, out _));
    }

    [Fact]
    public void TryDecode_Truncated_FailsWithoutThrowing()
    {
        var body = SignedBody("hello world");

        Assert.False(new AwsChunked(Key, AmzDate, Scope, Seed).TryDecode(body[..40], verify: true, out _, out _));
    }

    [Fact]
    public void TryDecode_UnsignedTrailerFormat_ReturnsTheContent()
    {
        var body = Encoding.ASCII.GetBytes("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");

        Assert.True(new AwsChunked(Key, AmzDate, Scope, Seed).TryDecode(body, verify: false, out var payload, out _));
        Assert.Equal("hello", Encoding.ASCII.GetString(payload));
    }
}
