using Microsoft.AspNetCore.Http;

namespace Sts.Resilience.Testing;

/// <summary>One AWS service behind the server: its protocol (how it names actions and reports errors) and its actions.</summary>
internal abstract class ServiceEndpoint
{
    /// <summary>Gets the service name in the SigV4 credential scope.</summary>
    public abstract string Name { get; }

    /// <summary>Gets a value indicating whether paths are signed as sent (S3) rather than encoded again.</summary>
    public virtual bool SignsRawPath => false;

    /// <summary>Names the action and rejects requests the service could not even route (before authentication).</summary>
    public abstract ServiceError? Route(IncomingRequest request);

    /// <summary>Tells whether a routed request must carry a valid SigV4 signature (endpoints with their own tokens say no).</summary>
    public virtual bool RequiresSignature(IncomingRequest request) => true;

    /// <summary>Handles an authenticated request.</summary>
    public abstract ServiceResult Handle(IncomingRequest request);

    /// <summary>Puts a generic problem in this service's words.</summary>
    public abstract ServiceError ErrorFor(Problem problem, string? detail = null);

    /// <summary>The error for a credential scope with the wrong region.</summary>
    public virtual ServiceError WrongRegion(string region, string expected)
        => ErrorFor(Problem.WrongScope, "Credential should be scoped to a valid region. ");

    /// <summary>The error for a presigned URL used after its <c>X-Amz-Expires</c>.</summary>
    public virtual ServiceError PresignedUrlExpired(PresignedExpiry expiry) => ErrorFor(Problem.SignatureExpired, "Signature expired");

    /// <summary>The error for query-string authentication that is malformed (a missing parameter, a bad <c>X-Amz-Expires</c>).</summary>
    public virtual ServiceError PresignedQueryMalformed(string detail) => ErrorFor(Problem.IncompleteSignature, detail);

    /// <summary>Writes the error body and headers (the status is already set).</summary>
    public abstract Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId, bool isHead);

    /// <summary>Adds the request id headers the service sends on every response.</summary>
    public abstract void AddRequestIdHeaders(HttpResponse response, string requestId);
}
