using Amazon.Runtime;
using Amazon.Runtime.Identity;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace Sts.Resilience.Retry;

/// <summary>
/// Takes the place of the SDK's <see cref="Signer"/> handler in the pipelines that <see cref="ExpiredTokenRetry"/>
/// customizes. The SDK's handler reads the credentials twice per signature — once for the session token it puts on
/// the request, once more inside <see cref="ISigner.Sign"/> for the access key and secret — so a refresh (or another
/// caller's invalidate and refresh) landing between the two reads sends session A's token with session B's key, which
/// the service rejects as an invalid token, not an expired one, and nothing retries. This handler reads the credentials
/// once and hands the signer that snapshot, so the token and the key always belong to the same session.
/// </summary>
/// <remarks>
/// Everything else is the SDK's behaviour: sign when the request is not signed yet or the client re-signs retries,
/// nothing to sign without an identity when the signer needs one, the token in <c>SecurityToken</c> (query protocol)
/// or <c>X-Amz-Security-Token</c> (REST), the event-stream signer built from the same snapshot, and
/// <see cref="IRequestContext.IsSigned"/> set afterwards. Identities that are not <see cref="AWSCredentials"/> (bearer
/// tokens), anonymous credentials, and the null and bearer signers go through unchanged. Not reproduced: the SDK's
/// OpenTelemetry span and duration histograms for credential retrieval and signing, whose helpers are internal to
/// the SDK (the <c>RequestMetrics</c> timings are kept).
/// </remarks>
internal sealed class SnapshotSigner : PipelineHandler
{
    /// <summary>The last snapshot handed out; reused while the credentials return the same values, so a signed call allocates nothing here.</summary>
    private SnapshotCredentials? _last;

    public override void InvokeSync(IExecutionContext executionContext)
    {
        var requestContext = executionContext.RequestContext;
        if (ShouldSign(requestContext))
        {
            var identity = requestContext.Identity;
            if (identity is AWSCredentials credentials && TakesSnapshot(requestContext, credentials))
            {
                ImmutableCredentials? current;
                using (requestContext.Metrics.StartEvent(Metric.CredentialsRequestTime))
                {
                    current = credentials.GetCredentials();
                }

                identity = Snapshot(current) ?? identity;
            }

            Sign(requestContext, identity);
        }

        base.InvokeSync(executionContext);
    }

    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        // The signing lives in its own method so that this state machine, boxed whenever the call below is pending,
        // holds no more than the SDK's handler does.
        await SignIfNeededAsync(executionContext.RequestContext).ConfigureAwait(false);
        return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
    }

    private async Task SignIfNeededAsync(IRequestContext requestContext)
    {
        if (!ShouldSign(requestContext))
        {
            return;
        }

        var identity = requestContext.Identity;
        if (identity is AWSCredentials credentials && TakesSnapshot(requestContext, credentials))
        {
            ImmutableCredentials? current;
            using (requestContext.Metrics.StartEvent(Metric.CredentialsRequestTime))
            {
                current = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            }

            identity = Snapshot(current) ?? identity;
        }

        await SignAsync(requestContext, identity).ConfigureAwait(false);
    }

    private static bool ShouldSign(IRequestContext requestContext)
        => !requestContext.IsSigned || requestContext.ClientConfig.ResignRetries;

    private static bool TakesSnapshot(IRequestContext requestContext, AWSCredentials credentials)
        => credentials is not (AnonymousAWSCredentials or SnapshotCredentials)
           && requestContext.Signer is not (NullSigner or BearerTokenSigner);

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

    private static void Sign(IRequestContext requestContext, BaseIdentity? identity)
    {
        if (SkipsUnsigned(requestContext, identity) || SignedEventStream(requestContext, identity))
        {
            return;
        }

        using (requestContext.Metrics.StartEvent(Metric.RequestSigningTime))
        {
            PlaceToken(requestContext, identity);
            requestContext.Signer.Sign(requestContext.Request, requestContext.ClientConfig, requestContext.Metrics, identity);
        }

        requestContext.IsSigned = true;
    }

    private static async Task SignAsync(IRequestContext requestContext, BaseIdentity? identity)
    {
        if (SkipsUnsigned(requestContext, identity) || SignedEventStream(requestContext, identity))
        {
            return;
        }

        using (requestContext.Metrics.StartEvent(Metric.RequestSigningTime))
        {
            PlaceToken(requestContext, identity);
            await requestContext.Signer.SignAsync(requestContext.Request, requestContext.ClientConfig, requestContext.Metrics, identity).ConfigureAwait(false);
        }

        requestContext.IsSigned = true;
    }

    /// <summary>
    /// An event-stream request also needs the SDK's event signer, whose stream publisher is internal to the SDK: it is
    /// signed by the SDK's own <see cref="Signer.SignRequest"/> with the snapshot standing in as the request's identity
    /// for that call, so both of the SDK's reads see the same credentials.
    /// </summary>
    private static bool SignedEventStream(IRequestContext requestContext, BaseIdentity? identity)
    {
        if (requestContext.Request.EventStreamPublisher is null)
        {
            return false;
        }

        var original = requestContext.Identity;
        requestContext.Identity = identity;
        try
        {
            Signer.SignRequest(requestContext);
        }
        finally
        {
            requestContext.Identity = original;
        }

        requestContext.IsSigned = true;
        return true;
    }

    /// <summary>Like the SDK: a request with no identity for a signer that needs one is sent as it is (and marked signed).</summary>
    private static bool SkipsUnsigned(IRequestContext requestContext, BaseIdentity? identity)
    {
        if (identity is null && requestContext.Signer.RequiresCredentials)
        {
            requestContext.IsSigned = true;
            return true;
        }

        return false;
    }

    private static void PlaceToken(IRequestContext requestContext, BaseIdentity? identity)
    {
        // Only a snapshot carries a token here: other AWSCredentials reached this point because TakesSnapshot said no
        // (anonymous, or a null/bearer signer), and the SDK puts no token for those either.
        if (identity is not SnapshotCredentials { Credentials: { UseToken: true } credentials })
        {
            return;
        }

        switch (requestContext.Signer.Protocol)
        {
            case ClientProtocol.QueryStringProtocol:
                requestContext.Request.Parameters["SecurityToken"] = credentials.Token;
                break;
            case ClientProtocol.RestProtocol:
                requestContext.Request.Headers[HeaderKeys.XAmzSecurityTokenHeader] = credentials.Token;
                break;
            default:
                throw new InvalidDataException("Cannot determine protocol");
        }
    }
}
