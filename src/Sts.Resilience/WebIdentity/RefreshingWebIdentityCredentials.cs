using Amazon.SecurityToken;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Credentials;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;
using Sts.Resilience.WebIdentity;

namespace Sts.Resilience;

/// <summary>
/// Web identity credentials (EKS IRSA, GitHub Actions OIDC, any OIDC provider) that refresh before they expire, on the
/// same engine as <see cref="RefreshingRoleCredentials"/>: background refresh, single flight, backoff 300–600 s while
/// STS fails, serving the cached credentials meanwhile, and a <see cref="RefreshingCredentials.Status"/> for health checks. The token is read
/// again (file or callback) before every <c>AssumeRoleWithWebIdentity</c>; a JWT that STS finds expired is read once more
/// and the call retried once. <c>IDPCommunicationError</c> is retried later; <c>InvalidIdentityToken</c>,
/// <c>IDPRejectedClaim</c> and <c>AccessDenied</c> are thrown at once.
/// </summary>
public sealed class RefreshingWebIdentityCredentials : RefreshingCredentials
{
    /// <summary>The environment variable with the role ARN.</summary>
    public const string RoleArnVariable = "AWS_ROLE_ARN";

    /// <summary>The environment variable with the token file's path.</summary>
    public const string WebIdentityTokenFileVariable = "AWS_WEB_IDENTITY_TOKEN_FILE";

    /// <summary>The environment variable with the role session name.</summary>
    public const string RoleSessionNameVariable = "AWS_ROLE_SESSION_NAME";

    private readonly RefreshingWebIdentityCredentialsOptions _options;
    private readonly WebIdentityCredentialSource _source;

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
        : this(new WebIdentityCredentialSource(Validated(options).Clone(), stsClient, timeProvider ?? TimeProvider.System), timeProvider ?? TimeProvider.System, loggerFactory, timings)
    {
    }

    private RefreshingWebIdentityCredentials(WebIdentityCredentialSource source, TimeProvider time, ILoggerFactory? loggerFactory, RefreshTimings? timings)
        : base(source, new RefreshEngineOptions
        {
            Name = source.Options.RoleArn,
            OwnerType = typeof(RefreshingWebIdentityCredentials),
            AdvisoryWindow = source.Options.AdvisoryWindow,
            BackgroundRefresh = source.Options.BackgroundRefresh,
            FetchTimeout = source.Options.StsTimeout,
            TimeProvider = time,
            Logger = (ILogger?)loggerFactory?.CreateLogger<RefreshingWebIdentityCredentials>() ?? NullLogger.Instance,
            Timings = timings ?? RefreshTimings.Default,
        })
    {
        _options = source.Options;
        _source = source;
    }

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
        var options = OptionsFromEnvironment(CredentialEnvironment.Process);
        configure?.Invoke(options);
        if (string.IsNullOrEmpty(options.RoleArn) || (options.WebIdentityTokenFile is null && options.WebIdentityTokenProvider is null))
        {
            throw new ArgumentException($"Web identity needs {RoleArnVariable} and {WebIdentityTokenFileVariable} (set by EKS for IRSA); at least one is not set.", nameof(configure));
        }

        return new RefreshingWebIdentityCredentials(options, timeProvider, loggerFactory);
    }

    /// <summary>The options <c>AWS_ROLE_ARN</c>, <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> and <c>AWS_ROLE_SESSION_NAME</c> describe (an empty or unset variable reads as absent; the role ARN then as empty).</summary>
    /// <param name="environment">Where the variables are read.</param>
    /// <returns>New, unvalidated options.</returns>
    internal static RefreshingWebIdentityCredentialsOptions OptionsFromEnvironment(CredentialEnvironment environment) => new()
    {
        RoleArn = environment.Variable(RoleArnVariable) ?? string.Empty,
        WebIdentityTokenFile = environment.Variable(WebIdentityTokenFileVariable),
        RoleSessionName = environment.Variable(RoleSessionNameVariable),
    };

    /// <inheritdoc/>
    private protected override string Description => "Role = " + _options.RoleArn;

    /// <inheritdoc/>
    private protected override void DisposeOwned() => _source.Dispose();

    private static RefreshingWebIdentityCredentialsOptions Validated(RefreshingWebIdentityCredentialsOptions options)
    {
        Guard.NotNull(options);
        options.Validate();
        return options;
    }
}
