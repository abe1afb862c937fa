#if NET
using System.Runtime.ExceptionServices;
using Amazon.Runtime;
using Sts.Resilience.Engine;
#endif

namespace Sts.Resilience.Credentials;

/// <summary>What the STS sources share around one call: the session's expiry, and (.NET 8+) the synchronous call.</summary>
internal static class StsSessionCall
{
    /// <summary>STS's expiry as UTC; <see cref="DateTimeOffset.MinValue"/> when missing (the engine rejects it).</summary>
    /// <param name="expiration">The SDK's value.</param>
    /// <returns>The expiry in the server's clock.</returns>
    public static DateTimeOffset ToExpiration(DateTime? expiration)
        => expiration is { } expires
            ? new DateTimeOffset(DateTime.SpecifyKind(expires.ToUniversalTime(), DateTimeKind.Utc))
            : DateTimeOffset.MinValue;

#if NET
    /// <summary>
    /// One synchronous call through the SDK's shared STS interface (<c>ICoreAmazonSTS</c>:
    /// AssumeRole and AssumeRoleWithWebIdentity), with the response's <c>Date</c> captured by <paramref name="dates"/>. It
    /// wraps every failure in an <see cref="AmazonClientException"/> ("Error calling AssumeRole for role ...");
    /// the wrapper is taken off, so what STS or the network said is thrown and classified as the asynchronous call's.
    /// </summary>
    /// <param name="dates">The source's listener.</param>
    /// <param name="isOurs">Recognizes the request the SDK builds inside the call.</param>
    /// <param name="call">The call.</param>
    /// <returns>The session, with STS's clock.</returns>
    public static SourceCredentials Invoke(ResponseDateListener dates, Func<AmazonWebServiceRequest, bool> isOurs, Func<AssumeRoleImmutableCredentials> call)
    {
        var session = InvokeUnwrapped(dates, isOurs, call);
        return new SourceCredentials(
            new ImmutableCredentials(session.AccessKey, session.SecretKey, session.Token),
            ToExpiration(session.Expiration),
            dates.TakeDate());
    }

    private static AssumeRoleImmutableCredentials InvokeUnwrapped(ResponseDateListener dates, Func<AmazonWebServiceRequest, bool> isOurs, Func<AssumeRoleImmutableCredentials> call)
    {
        try
        {
            return dates.Call(isOurs, call);
        }
        catch (AmazonClientException ex) when (ex.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }
#endif
}
