using Amazon.Runtime;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Engine;

namespace Sts.Resilience;

/// <summary>
/// The base of this package's credentials that refresh before they expire (<see cref="RefreshingRoleCredentials"/>,
/// <see cref="RefreshingWebIdentityCredentials"/>): one refresh engine (windows, single flight, backoff, timers, clock
/// skew, status) over one source of sessions. Pass an instance to any AWS SDK client; share one instance per source.
/// </summary>
/// <remarks>
/// <para>
/// <b>Windows.</b> Outside the advisory window a call returns the cached credentials with no lock, no allocation and no
/// clock read. Inside the advisory window a caller starts (or joins) the single refresh without waiting for it. Inside
/// the mandatory window (the last minute), once expired, or after <see cref="Invalidate"/>, callers wait for the single
/// refresh.
/// </para>
/// <para>
/// <b>Failures.</b> A failed refresh keeps serving the cached credentials, even expired ones, and backs off (300–600 s
/// while minutes are left, then about 1 s doubling to about 30 s; a caller that finds the session expired may try again
/// 1–2 s after the last failed attempt); only a first fetch with nothing cached throws. Errors a retry cannot fix are thrown at once and rethrown for 1–5 s without
/// contacting the source again.
/// </para>
/// <para>Only types in this package derive from this class.</para>
/// </remarks>
public abstract partial class RefreshingCredentials : AWSCredentials, IInvalidatableCredentials, IDisposable, IAsyncDisposable
{
    /// <summary>Initializes a new instance of the <see cref="RefreshingCredentials"/> class with an engine over <paramref name="source"/>; nothing is fetched until asked for.</summary>
    /// <param name="source">Where sessions come from; the derived front keeps ownership and disposes it in <see cref="DisposeOwned"/>.</param>
    /// <param name="engineOptions">The windows, time limit, clock, logger and metrics of the engine.</param>
    private protected RefreshingCredentials(ICredentialSource source, RefreshEngineOptions engineOptions)
    {
        Engine = new RefreshEngine(source, engineOptions);
    }

    /// <summary>Gets when the cached credentials expire, converted to the local clock (UTC), or <see langword="null"/> before the first fetch.</summary>
    /// <value>The expiry of the cached credentials; setting it has no effect.</value>
    public override DateTime? Expiration => Engine.Expiration;

    /// <summary>Gets a snapshot of the refresh state: expiry, last refresh, last error, backoff. Contains no secret.</summary>
    /// <value>A new snapshot on every read.</value>
    public RefreshingRoleCredentialsStatus Status => Engine.Status;

    /// <summary>Gets the engine behind this front (the hosted service, the retry handler and the tests reach it).</summary>
    internal RefreshEngine Engine { get; }

    /// <summary>Gets what <see cref="ToString"/> says these credentials are, after the type's name: <c>Role = arn:…</c>; never a secret.</summary>
    private protected abstract string Description { get; }

    /// <summary>Returns valid credentials, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when the source answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    /// <remarks>
    /// A caller that has to wait blocks on the shared refresh, which runs without the caller's synchronization context,
    /// so a UI or ASP.NET classic thread cannot deadlock.
    /// </remarks>
    public override ImmutableCredentials GetCredentials() => Engine.GetCredentials();

    /// <summary>Returns valid credentials asynchronously, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with; a cached completed task while they are fresh.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when the source answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    public override Task<ImmutableCredentials> GetCredentialsAsync() => Engine.GetCredentialsAsync();

    /// <summary>
    /// Returns credentials that stay valid for at least <paramref name="minimumValidity"/>, refreshing first when the cached
    /// ones would expire sooner: for presigned URLs and RDS authentication tokens, whose lifetime ends with the credentials'.
    /// </summary>
    /// <param name="minimumValidity">How long the credentials must stay valid (0 to 12 hours).</param>
    /// <param name="cancellationToken">Cancels the wait; the shared refresh itself goes on for other callers.</param>
    /// <returns>Credentials valid for at least <paramref name="minimumValidity"/> (judged in the source's clock).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="minimumValidity"/> is negative or above 12 hours.</exception>
    /// <exception cref="AmazonClientException">Thrown when no credentials valid that long can be had: the refresh failed or is in backoff, or the sessions are shorter.</exception>
    /// <exception cref="AmazonServiceException">Thrown when the source answered with an error a retry cannot fix.</exception>
    public Task<ImmutableCredentials> GetCredentialsAsync(TimeSpan minimumValidity, CancellationToken cancellationToken = default) =>
        Engine.GetCredentialsAsync(minimumValidity, cancellationToken);

    /// <summary>
    /// Tells the instance that a service rejected the credentials with access key id <paramref name="rejectedAccessKeyId"/>
    /// as expired. Compare-and-swap: only if the cached credentials carry that key does the next call wait for a refresh;
    /// an active backoff still applies.
    /// </summary>
    /// <param name="rejectedAccessKeyId">The access key id the rejected request was signed with.</param>
    /// <returns>
    /// <see langword="true"/> when the cached credentials were the rejected ones and are now marked stale; always
    /// <see langword="false"/> for static keys returned by <see cref="FromDefaultChain(System.Action{RefreshingCredentialsChainOptions}?, System.TimeProvider?, Microsoft.Extensions.Logging.ILoggerFactory?)"/>, which cannot be refreshed.
    /// </returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rejectedAccessKeyId"/> is <see langword="null"/>.</exception>
    public bool Invalidate(string rejectedAccessKeyId)
    {
        Internal.Guard.NotNull(rejectedAccessKeyId);
        return CanRefresh && Engine.Invalidate(rejectedAccessKeyId);
    }

    /// <summary>Gets a value indicating whether the source can give other credentials than the ones cached (static keys cannot).</summary>
    private protected virtual bool CanRefresh => true;

    /// <summary>Returns the type, what the credentials are (a role ARN…) and the last four characters of the cached access key id; never a secret.</summary>
    /// <returns>A description for logs and debuggers.</returns>
    public override string ToString() => CredentialsLog.Describe(GetType().Name, Description, Engine.Entry);

    /// <summary>Stops the background refresh and the window timers, and disposes what this instance created (its STS client).</summary>
    public void Dispose()
    {
        if (Engine.BeginDispose())
        {
            DisposeOwned();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the background refresh and the window timers, waits for a refresh in flight to stop, and disposes what this instance created (its STS client).</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Engine.BeginDispose())
        {
            await Engine.WaitForInflightAsync().ConfigureAwait(false);
            DisposeOwned();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Whether <paramref name="accessKeyId"/> was invalidated, replaced by a refresh, or has expired (what makes an S3 HEAD's bare 400 count as expired).</summary>
    /// <param name="accessKeyId">The access key id a rejected request was signed with.</param>
    /// <returns><see langword="true"/> when those credentials are known to be unusable now.</returns>
    internal bool IsKnownStale(string accessKeyId) => Engine.IsKnownStale(accessKeyId);

    /// <summary>Stops the background refresh for good while the instance keeps answering callers (a host shutting down).</summary>
    internal void StopBackgroundRefresh() => Engine.StopBackgroundRefresh();

    /// <summary>
    /// Disposes what the derived front owns (its source, the STS clients it created), once, after the engine has stopped;
    /// from <see cref="DisposeAsync"/> also after the refresh in flight has finished.
    /// </summary>
    private protected abstract void DisposeOwned();
}
