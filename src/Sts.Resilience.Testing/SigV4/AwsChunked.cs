using System.Globalization;
using System.Text;

namespace Sts.Resilience.Testing.SigV4;

/// <summary>
/// Decodes an <c>aws-chunked</c> body (S3 streaming uploads): <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c> …,
/// a zero-size chunk, optional trailing headers (checksums, <c>x-amz-trailer-signature</c>) and an empty line.
/// When the payload is signed, every chunk signature is checked against the chain that starts at the request's
/// signature, and so is the trailer signature.
/// </summary>
internal sealed class AwsChunked(byte[] signingKey, string amzDate, string scope, string seedSignature)
{
    private string _previous = seedSignature;

    public static bool IsStreaming(string? contentSha256) => contentSha256 is not null && contentSha256.StartsWith("STREAMING-", StringComparison.Ordinal);

    public static bool SignsChunks(string contentSha256) => contentSha256.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", StringComparison.Ordinal);

    /// <summary>Decodes <paramref name="body"/>; <paramref name="verify"/> checks chunk and trailer signatures.</summary>
    public bool TryDecode(byte[] body, bool verify, out byte[] payload, out string error)
    {
        payload = [];
        using var output = new MemoryStream();
        var position = 0;
        while (true)
        {
            if (!TryReadLine(body, ref position, out var header))
            {
                error = "The aws-chunked body ends inside a chunk header.";
                return false;
            }

            var semicolon = header.IndexOf(';', StringComparison.Ordinal);
            var sizeText = semicolon < 0 ? header : header[..semicolon];
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0 || size > body.Length - position)
            {
                error = "The aws-chunked body has an invalid chunk size.";
                return false;
            }

            var data = body.AsSpan(position, size);
            position += size;
            if (verify)
            {
                const string marker = "chunk-signature=";
                var at = header.IndexOf(marker, StringComparison.Ordinal);
                var signature = at < 0 ? string.Empty : header[(at + marker.Length)..];
                var expected = Next("AWS4-HMAC-SHA256-PAYLOAD", SigV4Math.EmptyPayloadHash + "\n" + SigV4Math.HexSha256(data));
                if (!SigV4Math.SignaturesEqual(expected, signature))
                {
                    error = "The chunk signature does not match.";
                    return false;
                }
            }

            if (size == 0)
            {
                return TryReadTrailer(body, position, verify, output, out payload, out error);
            }

            output.Write(data);
            if (!TryReadLine(body, ref position, out var rest) || rest.Length != 0)
            {
                error = "The aws-chunked body has no CRLF after a chunk.";
                return false;
            }
        }
    }

    private bool TryReadTrailer(byte[] body, int position, bool verify, MemoryStream output, out byte[] payload, out string error)
    {
        payload = [];
        var canonical = new StringBuilder();
        string? trailerSignature = null;
        while (position < body.Length)
        {
            if (!TryReadLine(body, ref position, out var line))
            {
                error = "The aws-chunked trailer is not terminated.";
                return false;
            }

            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? line : line[..colon].Trim().ToLowerInvariant();
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
            }
            else
            {
                canonical.Append(name).Append(':').Append(value).Append('\n');
            }
        }

        if (verify && canonical.Length > 0)
        {
            var expected = Next("AWS4-HMAC-SHA256-TRAILER", SigV4Math.HexSha256(Encoding.UTF8.GetBytes(canonical.ToString())));
            if (trailerSignature is null || !SigV4Math.SignaturesEqual(expected, trailerSignature))
            {
                error = "The trailer signature does not match.";
                return false;
            }
        }

        payload = output.ToArray();
        error = string.Empty;
        return true;
    }

    private string Next(string algorithm, string hashes)
    {
        var stringToSign = algorithm + "\n" + amzDate + "\n" + scope + "\n" + _previous + "\n" + hashes;
        _previous = SigV4Math.Signature(signingKey, stringToSign);
        return _previous;
    }

    private static bool TryReadLine(byte[] body, ref int position, out string line)
    {
        var span = body.AsSpan(position);
        var end = span.IndexOf("\r\n"u8);
        if (end < 0)
        {
            line = string.Empty;
            return false;
        }

        line = Encoding.ASCII.GetString(span[..end]);
        position += end + 2;
        return true;
    }
}
