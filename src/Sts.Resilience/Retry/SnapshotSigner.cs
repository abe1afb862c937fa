using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Sts.Resilience.Retry;

/// <summary>
/// Takes the place of the SDK's <see cref="Signer"/> handler in the pipelines that <see cref="ExpiredTokenRetry"/>
/// customizes. The SDK's handler reads the credentials twice per signature — once for the session token it puts on
/// the request, once more inside <see cref="ISigner.Sign"/> for the access key and secret — so a refresh (or another
/// caller's invalidate and refresh) landing between the two reads sends session A's token with session B's key, which
/// the service rejects as an invalid token, not an expired one, and nothing retries. This handler reads the credentials
/// once and lets the SDK's own signing code run with that snapshot standing in as the request's identity, so the token
/// and the key always belong to the same session.
/// </summary>
/// <remarks>
/// The signing itself stays the SDK's (<see cref="Signer"/>'s <c>PreInvoke</c>): when to sign (not signed yet, or the
/// client re-signs retries), where the token goes per protocol, the event-stream signer, its metrics and OpenTelemetry
/// spans. The request's own identity is put back as soon as the signature is made, so nothing after the signer (and no
/// retry) sees the snapshot; a retry that re-signs reads the credentials again. Identities that are not
/// <see cref="AWSCredentials"/> (bearer tokens), anonymous credentials, and the null and bearer signers go through
/// unchanged. Like the SDK's handler, this one adds no async frame of its own on the way down the pipeline.
/// </remarks>
internal sealed class SnapshotSigner : Signer
{
    /// <summary>The last snapshot handed out; reused while the credentials return the same values, so a signed call allocates nothing here.</summary>
    private SnapshotCredentials? _last;

    public override void InvokeSync(IExecutionContext executionContext)
    {
        var requestContext = executionContext.RequestContext;
        if (TakesSnapshot(requestContext, out var credentials))
        {
            SignWith(executionContext, Snapshot(credentials.GetCredentials()));
        }
        else
        {
            PreInvoke(executionContext);
        }

        InnerHandler.InvokeSync(executionContext);
    }

    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        var requestContext = executionContext.RequestContext;
        if (TakesSnapshot(requestContext, out var credentials))
        {
            var current = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            var original = requestContext.Identity;
            requestContext.Identity = Snapshot(current) ?? original;
            try
            {
                await PreInvokeAsync(executionContext).ConfigureAwait(false);
            }
            finally
            {
                requestContext.Identity = original;
            }
        }
        else
        {
            await PreInvokeAsync(executionContext).ConfigureAwait(false);
        }

        return await InnerHandler.InvokeAsync<T>(executionContext).ConfigureAwait(false);
    }

    private static void SignWith(IExecutionContext executionContext, SnapshotCredentials? snapshot)
    {
        var requestContext = executionContext.RequestContext;
        var original = requestContext.Identity;
        requestContext.Identity = snapshot ?? original;
        try
        {
            PreInvoke(executionContext);
        }
        finally
        {
            requestContext.Identity = original;
        }
    }

    /// <summary>Whether this attempt is signed (as the SDK decides) with <see cref="AWSCredentials"/> worth freezing.</summary>
    private static bool TakesSnapshot(IRequestContext requestContext, out AWSCredentials credentials)
    {
        if ((!requestContext.IsSigned || requestContext.ClientConfig.ResignRetries)
            && requestContext.Identity is AWSCredentials identity and not (AnonymousAWSCredentials or SnapshotCredentials)
            && requestContext.Signer is not (NullSigner or BearerTokenSigner))
        {
            credentials = identity;
            return true;
        }

        credentials = null!;
        return false;
    }

    private SnapshotCredentials? Snapshot(ImmutableCredentials? current)
    {
        if (current is null)
        {
            return null;
        }

        var last = Volatile.Read(ref _last);
        if (last is not null && last.Matches(current))
        {
            return last;
        }

        var snapshot = new SnapshotCredentials(current);
        Volatile.Write(ref _last, snapshot);
        return snapshot;
    }
}
