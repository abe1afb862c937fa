namespace Sts.Resilience.Http;

/// <summary>
/// What the signer gets of a request's body, and whether the body can be sent a second time. The body is hashed by the
/// AWS SDK's signer; this only decides what to hand it.
/// </summary>
internal readonly struct SigningBody
{
    private SigningBody(Stream? stream, string? hash, bool replayable)
    {
        Stream = stream;
        Hash = hash;
        Replayable = replayable;
    }

    /// <summary>
    /// Gets the seekable body for the signer to hash, or <see langword="null"/> (no body, a body hashed here, or the
    /// caller supplied <c>x-amz-content-sha256</c>).
    /// </summary>
    public Stream? Stream { get; }

    /// <summary>
    /// Gets the SHA-256 (lowercase hexadecimal) of a body that was already in memory, or of no body, for
    /// <c>x-amz-content-sha256</c>; otherwise <see langword="null"/>.
    /// </summary>
    public string? Hash { get; }

    /// <summary>Gets a value indicating whether the request can be resent with the same body.</summary>
    public bool Replayable { get; }

    /// <summary>
    /// Without a caller-supplied hash, no body gets the empty payload's hash, and a body already in memory (byte array, string, form, read-only memory) is hashed where
    /// it is, without a copy; any other body is buffered (the signer must read it to hash it, and a buffered body can be
    /// sent again). With a supplied hash the body is left as it is — the way to stream an upload — and can be resent only
    /// if it is a byte array or a seekable stream.
    /// </summary>
    public static async ValueTask<SigningBody> PrepareAsync(HttpContent? content, bool callerSuppliedHash)
    {
        if (content is null)
        {
            // No body: its hash is a constant, which the signer would otherwise compute on every request.
            return new SigningBody(null, callerSuppliedHash ? null : PayloadHash.Empty, replayable: true);
        }

        if (callerSuppliedHash)
        {
            var replayable = content is ByteArrayContent
                || (content is StreamContent && (await content.ReadAsStreamAsync().ConfigureAwait(false)).CanSeek);
            return new SigningBody(null, null, replayable);
        }

        if (PayloadHash.CanHash(content))
        {
            return new SigningBody(null, await PayloadHash.ComputeAsync(content).ConfigureAwait(false), replayable: true);
        }

        if (content is not ByteArrayContent)
        {
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
        }

        // Buffered content hands out a MemoryStream over its buffer (the same one on every call): rewind it for the signer.
        var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        stream.Position = 0;
        return new SigningBody(stream, null, replayable: true);
    }
}
