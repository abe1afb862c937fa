using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;
using Sts.Resilience.WebIdentity;

namespace Sts.Resilience;

/// <summary>
/// Web identity credentials (EKS IRSA, GitHub Actions OIDC, any OIDC provider) that refresh before they expire, on the
/// same engine as <see cref="RefreshingRoleCredentials"/>: background refresh, single flight, backoff 300–600 s while
/// STS fails, serving the cached credentials meanwhile, and a <see cref="Status"/> for health checks. The token is read
/// again (file or callback) before every <c>AssumeRoleWithWebIdentity</c>; a JWT that STS finds expired is read once more
/// and the call retried once. <c>IDPCommunicationError</c> is retried later; <c>InvalidIdentityToken</c>,
/// <c>IDPRejectedClaim</c> and <c>AccessDenied</c> are thrown at once.
/// </summary>
public sealed class RefreshingWebIdentityCredentials : AWSCredentials, IInvalidatableCredentials, IDisposable, IAsyncDisposable
{
    /// <summary>The environment variable with the role ARN.</summary>
    public const string RoleArnVariable = "AWS_ROLE_ARN";

    /// <summary>The environment variable with the token file's path.</summary>
    public const string WebIdentityTokenFileVariable = "AWS_WEB_IDENTITY_TOKEN_FILE";

    /// <summary>The environment variable with the role session name.</summary>
    public const string RoleSessionNameVariable = "AWS_ROLE_SESSION_NAME";

    private readonly RefreshingWebIdentityCredentialsOptions _options;
    private readonly WebIdentityCredentialSource _source;
    private readonly RefreshEngine _engine;

    /// <summary>Initializes a new instance of the <see cref="RefreshingWebIdentityCredentials"/> class; no STS call is made until credentials are first asked for.</summary>
    /// <param name="options">The role and the token's source; copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="options"/> are invalid; the message lists every problem.</exception>
    public RefreshingWebIdentityCredentials(RefreshingWebIdentityCredentialsOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, stsClient: null, timeProvider, loggerFactory, timings: null)
    {
    }

    internal RefreshingWebIdentityCredentials(
        RefreshingWebIdentityCredentialsOptions options,
        IAmazonSecurityTokenService? stsClient,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        RefreshTimings? timings)
    {
        Guard.NotNull(options);
        options.Validate();
        _options = options.Clone();
        var time = timeProvider ?? TimeProvider.System;
        _source = new WebIdentityCredentialSource(_options, stsClient, time);
        _engine = new RefreshEngine(_source, new RefreshEngineOptions
        {
            Name = _options.RoleArn,
            OwnerType = typeof(RefreshingWebIdentityCredentials),
            AdvisoryWindow = _options.AdvisoryWindow,
            BackgroundRefresh = _options.BackgroundRefresh,
            FetchTimeout = _options.StsTimeout,
            TimeProvider = time,
            Logger = (ILogger?)loggerFactory?.CreateLogger<RefreshingWebIdentityCredentials>() ?? NullLogger.Instance,
            Timings = timings ?? RefreshTimings.Default,
        });
    }

    /// <summary>Gets when the cached credentials expire, converted to the local clock (UTC), or <see langword="null"/> before the first fetch.</summary>
    /// <value>The expiry of the cached credentials; setting it has no effect.</value>
    public override DateTime? Expiration => _engine.Expiration;

    /// <summary>Gets a snapshot of the refresh state: expiry, last refresh, last error, backoff. Contains no secret.</summary>
    public RefreshingRoleCredentialsStatus Status => _engine.Status;

    internal RefreshEngine Engine => _engine;

    /// <summary>
    /// Creates an instance from <c>AWS_ROLE_ARN</c>, <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> and <c>AWS_ROLE_SESSION_NAME</c>,
    /// the variables EKS sets for IRSA.
    /// </summary>
    /// <param name="configure">Changes the options read from the environment (region, endpoint, windows…); <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentException">Thrown when the variables are missing or invalid; the message names them.</exception>
    public static RefreshingWebIdentityCredentials FromEnvironment(Action<RefreshingWebIdentityCredentialsOptions>? configure = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new RefreshingWebIdentityCredentialsOptions
        {
            RoleArn = Environment.GetEnvironmentVariable(RoleArnVariable) ?? string.Empty,
            WebIdentityTokenFile = NullIfEmpty(Environment.GetEnvironmentVariable(WebIdentityTokenFileVariable)),
            RoleSessionName = NullIfEmpty(Environment.GetEnvironmentVariable(RoleSessionNameVariable)),
        };
        configure?.Invoke(options);
        if (string.IsNullOrEmpty(options.RoleArn) || (options.WebIdentityTokenFile is null && options.WebIdentityTokenProvider is null))
        {
            throw new ArgumentException($"Web identity needs {RoleArnVariable} and {WebIdentityTokenFileVariable} (set by EKS for IRSA); at least one is not set.", nameof(configure));
        }

        return new RefreshingWebIdentityCredentials(options, timeProvider, loggerFactory);
    }

    /// <summary>Returns valid credentials, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when STS answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    public override ImmutableCredentials GetCredentials() => _engine.GetCredentials();

    /// <summary>Returns valid credentials asynchronously, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with; a cached completed task while they are fresh.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="AmazonServiceException">Thrown when STS answered with an error a retry cannot fix (cached 1–5 s).</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    public override Task<ImmutableCredentials> GetCredentialsAsync() => _engine.GetCredentialsAsync();

    /// <summary>Tells the instance that a service rejected the credentials with <paramref name="rejectedAccessKeyId"/> as expired (compare-and-swap).</summary>
    /// <param name="rejectedAccessKeyId">The access key id the rejected request was signed with.</param>
    /// <returns><see langword="true"/> when the cached credentials were the rejected ones and are now marked stale.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rejectedAccessKeyId"/> is <see langword="null"/>.</exception>
    public bool Invalidate(string rejectedAccessKeyId) => _engine.Invalidate(rejectedAccessKeyId);

    /// <summary>Returns the role and the last four characters of the cached access key id; never a secret or the token.</summary>
    /// <returns>A description for logs and debuggers.</returns>
    public override string ToString() => CredentialsLog.Describe(nameof(RefreshingWebIdentityCredentials), _options.RoleArn, _engine.Entry);

    /// <summary>Stops the background refresh and the window timers and disposes the STS client this instance created.</summary>
    public void Dispose()
    {
        if (_engine.BeginDispose())
        {
            _source.Dispose();
        }
    }

    /// <summary>Stops the background refresh and the timers, waits for a refresh in flight, and disposes the STS client.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_engine.BeginDispose())
        {
            await _engine.WaitForInflightAsync().ConfigureAwait(false);
            _source.Dispose();
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
