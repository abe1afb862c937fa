using System.Runtime.ExceptionServices;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Engine;

/// <summary>
/// Gives each caller its own exception object for one failure. A failure cached for 1–5 s, or shared by every waiter of
/// one refresh, reaches many threads at once; throwing the same object from all of them has the runtime write each
/// thread's stack trace into it concurrently, so the trace a caller logs is garbled or someone else's.
/// </summary>
internal static class CallerException
{
    /// <summary>Throws, for this caller, an exception of the same type, error code, status and request id, with the original as inner exception.</summary>
    /// <param name="original">The failure the refresh recorded.</param>
    public static void Throw(Exception original)
    {
        Exception? copy = original switch
        {
            ExpiredTokenException e => new ExpiredTokenException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            MalformedPolicyDocumentException e => new MalformedPolicyDocumentException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            PackedPolicyTooLargeException e => new PackedPolicyTooLargeException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            RegionDisabledException e => new RegionDisabledException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            InvalidIdentityTokenException e => new InvalidIdentityTokenException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            IDPRejectedClaimException e => new IDPRejectedClaimException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            IDPCommunicationErrorException e => new IDPCommunicationErrorException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            AmazonSecurityTokenServiceException e => new AmazonSecurityTokenServiceException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            AmazonServiceException e => new AmazonServiceException(e.Message, e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode),
            AmazonClientException e => new AmazonClientException(e.Message, e),
            _ => null,
        };

        if (copy is null)
        {
            // A type this cannot copy faithfully: rethrown as it is (sources classify only service errors as non-recoverable).
            ExceptionDispatchInfo.Capture(original).Throw();
        }

        throw copy!;
    }
}
