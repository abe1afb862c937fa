using System.Security.Cryptography;

namespace Sts.Resilience.Http;

/// <summary>
/// The SHA-256 of a request body that is already in memory (byte array, string, form or read-only-memory content),
/// computed while the content writes itself into this sink: the content's own array is hashed where it is, nothing is
/// copied or buffered. One sink per thread is reused, with its hash object, so a hash allocates only its hexadecimal
/// text, and an empty body is not hashed at all.
/// </summary>
/// <remarks>
/// <para>
/// The hash goes to the signer as <c>x-amz-content-sha256</c>, which it signs as given instead of reading the body
/// (the SDK honours a supplied payload hash); the header the request is sent with is the same one the signer computes
/// when it reads the body itself.
/// </para>
/// <para>
/// Why a reused <see cref="IncrementalHash"/> and not the one-call <c>SHA256.HashData</c>: on Linux every hash pays a
/// fixed setup in OpenSSL besides the bytes, and the one-call form pays more of it. On the benchmark machine a hash of
/// nothing took 0.56 µs of CPU with <c>HashData</c> and 0.39 µs with a reused hash object, of 1 KiB 1.20 and 1.04 µs
/// (the benchmarks' <c>--cpu-time</c>, docs/benchmarks.md, section 10).
/// </para>
/// </remarks>
internal sealed class PayloadHash : Stream
{
    /// <summary>The SHA-256 of nothing: the payload hash of a request without a body.</summary>
    public const string Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [ThreadStatic]
    private static PayloadHash? t_idle;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
#if NET5_0_OR_GREATER
    private readonly byte[] _digest = new byte[32];
#endif
    private bool _written;

    private PayloadHash()
    {
    }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Whether <paramref name="content"/> is one of the framework's in-memory contents. Exact types only: a derived type
    /// may write something other than what it holds.
    /// </summary>
    public static bool CanHash(HttpContent content)
    {
        var type = content.GetType();
        return type == typeof(ByteArrayContent) || type == typeof(StringContent) || type == typeof(FormUrlEncodedContent)
#if NET5_0_OR_GREATER
            || type == typeof(ReadOnlyMemoryContent)
#endif
            ;
    }

    /// <summary>The lowercase hexadecimal SHA-256 of what <paramref name="content"/> writes (synchronously, for the in-memory types).</summary>
    public static ValueTask<string> ComputeAsync(HttpContent content)
    {
#if NET5_0_OR_GREATER
        var sink = t_idle ?? new PayloadHash();
        t_idle = null;

        // A sink whose copy throws is dropped, not reused: its hash state is unknown.
        content.CopyTo(sink, context: null, CancellationToken.None);
        var hex = sink.Finish();
        t_idle = sink;
        return new ValueTask<string>(hex);
#else
        return ComputeCopyingAsync(content);
#endif
    }

#if !NET5_0_OR_GREATER
    private static async ValueTask<string> ComputeCopyingAsync(HttpContent content)
    {
        var sink = t_idle ?? new PayloadHash();
        t_idle = null;
        await content.CopyToAsync(sink).ConfigureAwait(false);
        var hex = sink.Finish();
        t_idle = sink;
        return hex;
    }
#endif

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        _written |= count > 0;
        _hash.AppendData(buffer, offset, count);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

#if NET5_0_OR_GREATER
    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _written |= !buffer.IsEmpty;
        _hash.AppendData(buffer);
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }
#endif

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    private static void WriteHex(ReadOnlySpan<byte> hash, Span<char> chars)
    {
        const string Digits = "0123456789abcdef";
        for (var i = 0; i < hash.Length; i++)
        {
            chars[2 * i] = Digits[hash[i] >> 4];
            chars[(2 * i) + 1] = Digits[hash[i] & 0xF];
        }
    }

    /// <summary>The hash of everything written since the last call, as lowercase hexadecimal; the sink starts over.</summary>
    private string Finish()
    {
        if (!_written)
        {
            return Empty;
        }

        _written = false;
#if NET5_0_OR_GREATER
        _hash.TryGetHashAndReset(_digest, out _);
        return string.Create(_digest.Length * 2, _digest, static (chars, digest) => WriteHex(digest, chars));
#else
        var digest = _hash.GetHashAndReset();
        var chars = new char[digest.Length * 2];
        WriteHex(digest, chars);
        return new string(chars);
#endif
    }
}
