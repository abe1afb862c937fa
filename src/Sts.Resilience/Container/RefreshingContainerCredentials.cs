using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Container;
using Sts.Resilience.CredentialEndpoints;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;

namespace Sts.Resilience;

/// <summary>
/// Container credentials (ECS task roles, EKS Pod Identity) that refresh before they expire, on the same engine as
/// <see cref="RefreshingRoleCredentials"/>: background refresh, single flight, backoff 300–600 s while the endpoint
/// fails, serving the cached credentials meanwhile, and a <see cref="RefreshingCredentials.Status"/> for health checks. The authorization
/// token file is read again before every request, so a rotated token is used at the next refresh.
/// </summary>
public sealed class RefreshingContainerCredentials : RefreshingCredentials
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
        : this(new ContainerCredentialSource(Validated(options).Clone()), timeProvider ?? TimeProvider.System, loggerFactory, timings)
    {
    }

    private RefreshingContainerCredentials(ContainerCredentialSource source, TimeProvider time, ILoggerFactory? loggerFactory, RefreshTimings? timings)
        : base(source, new RefreshEngineOptions
        {
            Name = source.Description,
            OwnerType = typeof(RefreshingContainerCredentials),
            AdvisoryWindow = source.Options.AdvisoryWindow,
            BackgroundRefresh = source.Options.BackgroundRefresh,
            FetchTimeout = TimeSpan.FromTicks(source.Options.Timeout.Ticks * CredentialEndpointHttp.MaxAttempts),
            TimeProvider = time,
            Logger = (ILogger?)loggerFactory?.CreateLogger<RefreshingContainerCredentials>() ?? NullLogger.Instance,
            Timings = timings ?? RefreshTimings.Default,
        })
    {
        _source = source;
    }

    /// <summary>Gets the URL the credentials are fetched from.</summary>
    public Uri Endpoint => _source.Uri;

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

    /// <inheritdoc/>
    private protected override string Description => "Endpoint = " + _source.Description;

    /// <inheritdoc/>
    private protected override void DisposeOwned() => _source.Dispose();

    private static RefreshingContainerCredentialsOptions Validated(RefreshingContainerCredentialsOptions options)
    {
        Guard.NotNull(options);
        options.Validate();
        return options;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
