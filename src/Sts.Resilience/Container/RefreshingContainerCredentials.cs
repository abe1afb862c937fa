using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Container;
using Sts.Resilience.Credentials;
using Sts.Resilience.CredentialEndpoints;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;

namespace Sts.Resilience;

/// <summary>
/// Container credentials (ECS task roles, EKS Pod Identity) that refresh before they expire, on the same engine as
/// <see cref="RefreshingRoleCredentials"/>: background refresh, single flight, backoff 300–600 s while the endpoint
/// fails, serving the cached credentials meanwhile, and a <see cref="Status"/> for health checks. The authorization
/// token file is read again before every request, so a rotated token is used at the next refresh.
/// </summary>
public sealed class RefreshingContainerCredentials : AWSCredentials, IInvalidatableCredentials, IDisposable, IAsyncDisposable
{
    /// <summary>The environment variable with a path on the ECS agent (<c>http://169.254.170.2</c>).</summary>
    public const string RelativeUriVariable = ContainerEndpointRules.RelativeUriVariable;

    /// <summary>The environment variable with the endpoint's full URL.</summary>
    public const string FullUriVariable = ContainerEndpointRules.FullUriVariable;

    /// <summary>The environment variable with the <c>Authorization</c> header's value.</summary>
    public const string AuthorizationTokenVariable = ContainerEndpointRules.AuthorizationTokenVariable;

    /// <summary>The environment variable with the path of a file holding the <c>Authorization</c> header's value.</summary>
    public const string AuthorizationTokenFileVariable = ContainerEndpointRules.AuthorizationTokenFileVariable;

    private readonly ContainerCredentialSource _source;
    private readonly RefreshEngine _engine;

    /// <summary>Initializes a new instance of the <see cref="RefreshingContainerCredentials"/> class; nothing is fetched until credentials are first asked for.</summary>
    /// <param name="options">The endpoint and its authorization; copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="options"/> are invalid; the message lists every problem.</exception>
    public RefreshingContainerCredentials(RefreshingContainerCredentialsOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, timeProvider, loggerFactory, timings: null)
    {
    }

    internal RefreshingContainerCredentials(RefreshingContainerCredentialsOptions options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, RefreshTimings? timings)
    {
        Guard.NotNull(options);
        options.Validate();
        var copy = options.Clone();
        _source = new ContainerCredentialSource(copy);
        _engine = new RefreshEngine(_source, new RefreshEngineOptions
        {
            Name = _source.Description,
            OwnerType = typeof(RefreshingContainerCredentials),
            AdvisoryWindow = copy.AdvisoryWindow,
            BackgroundRefresh = copy.BackgroundRefresh,
            FetchTimeout = TimeSpan.FromTicks(copy.Timeout.Ticks * CredentialEndpointHttp.MaxAttempts),
            TimeProvider = timeProvider ?? TimeProvider.System,
            Logger = (ILogger?)loggerFactory?.CreateLogger<RefreshingContainerCredentials>() ?? NullLogger.Instance,
            Timings = timings ?? RefreshTimings.Default,
        });
    }

    /// <summary>Gets when the cached credentials expire, converted to the local clock (UTC), or <see langword="null"/> before the first fetch.</summary>
    /// <value>The expiry of the cached credentials; setting it has no effect.</value>
    public override DateTime? Expiration => _engine.Expiration;

    /// <summary>Gets a snapshot of the refresh state: expiry, last refresh, last error, backoff. Contains no secret; its <c>RoleArn</c> is the endpoint.</summary>
    public RefreshingRoleCredentialsStatus Status => _engine.Status;

    /// <summary>Gets the URL the credentials are fetched from.</summary>
    public Uri Endpoint => _source.Uri;

    internal RefreshEngine Engine => _engine;

    /// <summary>
    /// Creates an instance from <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> (ECS, which wins when both are set) or
    /// <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> (EKS Pod Identity, or any allowed endpoint), with
    /// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> or <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>.
    /// </summary>
    /// <param name="configure">Changes the options read from the environment (timeout, windows…); <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentException">Thrown when neither URI variable is set, or a value is invalid; the message names the variables.</exception>
    public static RefreshingContainerCredentials FromEnvironment(Action<RefreshingContainerCredentialsOptions>? configure = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        => new(OptionsFromEnvironment(Environment.GetEnvironmentVariable, configure), timeProvider, loggerFactory);

    /// <summary>Whether the environment names a container credentials endpoint (for the default chain).</summary>
    /// <param name="getVariable">Reads a variable; <see langword="null"/> for the process environment.</param>
    internal static bool IsConfigured(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(getVariable(RelativeUriVariable)) || !string.IsNullOrEmpty(getVariable(FullUriVariable));
    }

    /// <summary>The options the environment describes, then <paramref name="configure"/>.</summary>
    /// <exception cref="ArgumentException">Thrown when neither URI variable is set, or the options are invalid.</exception>
    internal static RefreshingContainerCredentialsOptions OptionsFromEnvironment(Func<string, string?> getVariable, Action<RefreshingContainerCredentialsOptions>? configure)
    {
        var relative = NullIfEmpty(getVariable(RelativeUriVariable));
        var options = new RefreshingContainerCredentialsOptions
        {
            RelativeUri = relative,
            FullUri = relative is null ? NullIfEmpty(getVariable(FullUriVariable)) : null,
            AuthorizationToken = NullIfEmpty(getVariable(AuthorizationTokenVariable)),
            AuthorizationTokenFile = NullIfEmpty(getVariable(AuthorizationTokenFileVariable)),
        };
        configure?.Invoke(options);
        if (options.RelativeUri is null && options.FullUri is null)
        {
            throw new ArgumentException(
                $"Container credentials need {RelativeUriVariable} (set by ECS for task roles) or {FullUriVariable} (set by EKS Pod Identity); neither is set.",
                nameof(configure));
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"The container credentials variables ({RelativeUriVariable}, {FullUriVariable}, {AuthorizationTokenVariable}, {AuthorizationTokenFileVariable}) describe invalid options: {ex.Message}",
                nameof(configure),
                ex);
        }

        return options;
    }

    /// <summary>Returns valid credentials, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    public override ImmutableCredentials GetCredentials() => _engine.GetCredentials();

    /// <summary>Returns valid credentials asynchronously, refreshing them first when they are inside the mandatory window or expired.</summary>
    /// <returns>The credentials to sign with; a cached completed task while they are fresh.</returns>
    /// <exception cref="AmazonClientException">Thrown when nothing is cached and the first fetch failed.</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the instance is disposed.</exception>
    public override Task<ImmutableCredentials> GetCredentialsAsync() => _engine.GetCredentialsAsync();

    /// <summary>Tells the instance that a service rejected the credentials with <paramref name="rejectedAccessKeyId"/> as expired (compare-and-swap).</summary>
    /// <param name="rejectedAccessKeyId">The access key id the rejected request was signed with.</param>
    /// <returns><see langword="true"/> when the cached credentials were the rejected ones and are now marked stale.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rejectedAccessKeyId"/> is <see langword="null"/>.</exception>
    public bool Invalidate(string rejectedAccessKeyId) => _engine.Invalidate(rejectedAccessKeyId);

    /// <summary>Returns the endpoint and the last four characters of the cached access key id; never a secret or the token.</summary>
    /// <returns>A description for logs and debuggers.</returns>
    public override string ToString() => CredentialsLog.Describe(nameof(RefreshingContainerCredentials), _source.Description, _engine.Entry);

    /// <summary>Stops the background refresh and the window timers and releases the HTTP client.</summary>
    public void Dispose()
    {
        if (_engine.BeginDispose())
        {
            _source.Dispose();
        }
    }

    /// <summary>Stops the background refresh and the timers, waits for a refresh in flight, and releases the HTTP client.</summary>
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
