namespace Sts.Resilience.Testing;

/// <summary>An injected failure, reported in the protocol of the service that was called.</summary>
public enum LocalStsFault
{
    /// <summary>Throttling: STS <c>Throttling</c> "Rate exceeded" (400), S3 <c>SlowDown</c> (503), DynamoDB <c>ThrottlingException</c> (400).</summary>
    Throttling,

    /// <summary>A server error: STS <c>InternalFailure</c> (500), S3 <c>InternalError</c> (500), DynamoDB <c>InternalServerError</c> (500).</summary>
    InternalFailure,

    /// <summary>HTTP 503 <c>ServiceUnavailable</c> (DynamoDB: <c>ServiceUnavailableException</c>).</summary>
    ServiceUnavailable,

    /// <summary>
    /// The connection is closed after the status line, the headers and part of the body: the client sees the
    /// response end prematurely (an <c>IOException</c>, which the SDK treats as a retryable transport error).
    /// Dropping it earlier would let <c>HttpClient</c> resend the request on a new connection without anyone noticing.
    /// </summary>
    ConnectionReset,

    /// <summary>
    /// For <c>AssumeRoleWithWebIdentity</c>: STS could not reach the identity provider, <c>IDPCommunicationError</c> (400,
    /// worth retrying). Other actions answer it as <see cref="InternalFailure"/>.
    /// </summary>
    IdpCommunicationError,

    /// <summary>
    /// For <c>AssumeRoleWithWebIdentity</c>: the identity provider rejected a claim, <c>IDPRejectedClaim</c> (403, not worth
    /// retrying). Other actions answer it as <see cref="InternalFailure"/>.
    /// </summary>
    IdpRejectedClaim,
}
