namespace Sts.Resilience.Testing;

/// <summary>What went wrong, before a service puts it in its own words.</summary>
internal enum Problem
{
    MissingAuthentication,
    IncompleteSignature,
    UnknownAccessKey,
    InvalidToken,
    ExpiredToken,
    SignatureMismatch,
    SignatureExpired,
    WrongScope,
    PayloadHashMismatch,
    BodyTooLarge,
    Throttling,
    InternalFailure,
    ServiceUnavailable,
    IdpCommunicationError,
    IdpRejectedClaim,
}

/// <summary>An error as one service reports it: HTTP status, code and message.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The code without any namespace (what SDKs expose as the error code).</param>
/// <param name="Message">The message.</param>
/// <param name="JsonNamespace">For JSON protocols, the <c>__type</c> prefix before '#'.</param>
internal sealed record ServiceError(int Status, string Code, string Message, string? JsonNamespace = null)
{
    /// <summary>
    /// Gets a value indicating whether the SDK treats the code as a possible clock-skew error: then the
    /// <c>Date</c> response header carries the signature clock, so the SDK's skew correction measures the
    /// clock its signature was judged by.
    /// </summary>
    public bool IsSignatureError { get; init; }

    /// <summary>Gets extra elements some errors carry (S3's <c>Expires</c> and <c>ServerTime</c> of an expired presigned URL), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Details { get; init; }
}
