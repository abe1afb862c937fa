using Amazon.Runtime;

namespace Sts.Resilience.CredentialEndpoints;

/// <summary>
/// A failure of a credentials endpoint (the container endpoint, instance metadata): the endpoint is named, the
/// authorization token and the credentials never are. <see cref="NonRecoverable"/> marks a configuration the endpoint
/// cannot fix by answering later (a host name that resolves to an address credentials must not be sent to).
/// </summary>
internal sealed class CredentialEndpointException : AmazonClientException
{
    public CredentialEndpointException(string message, Exception? innerException = null, int? statusCode = null, bool nonRecoverable = false)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        NonRecoverable = nonRecoverable;
    }

    /// <summary>Gets the HTTP status the endpoint answered with, or <see langword="null"/> when it did not answer.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets a value indicating whether retrying later cannot help.</summary>
    public bool NonRecoverable { get; }
}
