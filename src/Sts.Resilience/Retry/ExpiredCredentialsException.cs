using Amazon.Runtime;

namespace Sts.Resilience;

/// <summary>
/// Thrown by the expired-token retry handler (see <see cref="ExpiredTokenRetry"/>) when a service rejected a request
/// because its credentials have expired and the handler could not recover: the credentials cannot refresh
/// (a <see cref="SessionAWSCredentials"/>, environment variables, a profile with a static session token), the single
/// retry was rejected again, or the request body could not be sent twice.
/// </summary>
/// <remarks>
/// <para>
/// Derives from <see cref="AmazonServiceException"/> and keeps the service's <see cref="AmazonServiceException.ErrorCode"/>,
/// <see cref="AmazonServiceException.StatusCode"/>, <see cref="AmazonServiceException.RequestId"/> and
/// <see cref="AmazonServiceException.ErrorType"/>, so existing <c>catch</c> blocks and error-code checks keep working.
/// The service's original exception is the <see cref="Exception.InnerException"/>.
/// </para>
/// <para>
/// The message says where the credentials came from, when they expired if known, and what to change.
/// It never contains a secret: access key ids appear as their last four characters.
/// </para>
/// </remarks>
public sealed class ExpiredCredentialsException : AmazonServiceException
{
    internal ExpiredCredentialsException(string message, AmazonServiceException original, Type credentialsType, DateTimeOffset? expiration, bool retried)
        : base(message, original, original.ErrorType, original.ErrorCode, original.RequestId, original.StatusCode)
    {
        CredentialsType = credentialsType;
        Expiration = expiration;
        Retried = retried;
    }

    /// <summary>Gets the type of the credentials that signed the rejected request, such as <see cref="SessionAWSCredentials"/>.</summary>
    public Type CredentialsType { get; }

    /// <summary>Gets when the credentials expired, or <see langword="null"/> when the credentials carry no expiry time.</summary>
    public DateTimeOffset? Expiration { get; }

    /// <summary>
    /// Gets a value indicating whether the handler retried the request once before giving up
    /// (<see langword="true"/> when the retry was rejected again).
    /// </summary>
    public bool Retried { get; }
}
