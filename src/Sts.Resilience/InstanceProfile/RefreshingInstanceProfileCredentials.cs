using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.CredentialEndpoints;
using Sts.Resilience.Engine;
using Sts.Resilience.InstanceProfile;
using Sts.Resilience.Internal;

namespace Sts.Resilience;

/// <summary>
/// EC2 instance profile credentials from the instance metadata service (IMDSv2 only) that refresh before they expire,
/// on the same engine as <see cref="RefreshingRoleCredentials"/>: background refresh, single flight, backoff while IMDS
/// fails, and a <see cref="RefreshingCredentials.Status"/> for health checks. The IMDSv2 session token is reused until shortly before its TTL
/// and fetched again at once when IMDS answers 401.
/// </summary>
/// <remarks>
/// IMDS's own <b>static stability</b> rule applies to this type only: when IMDS fails or answers credentials that have
/// already expired, and the last session has at most 5 minutes left, that session is served on with its expiration
/// moved a random 5–10 minutes ahead, and a warning is logged (event 1101, <c>InstanceMetadataStaticStability</c>).
/// IMDS is asked again inside every extension. During an extension <see cref="RefreshingCredentials.Status"/> shows a successful
/// refresh whose <see cref="RefreshingRoleCredentialsStatus.StaticStability"/> says that the session is an extension and why;
/// <see cref="StaticStabilityExtensions"/> counts the extensions.
/// </remarks>
public sealed class RefreshingInstanceProfileCredentials : RefreshingCredentials
{
    /// <summary>The environment variable with the endpoint.</summary>
    public const string EndpointVariable = InstanceMetadataRules.EndpointVariable;

    /// <summary>The environment variable with the endpoint mode (<c>IPv4</c> or <c>IPv6</c>).</summary>
    public const string EndpointModeVariable = InstanceMetadataRules.EndpointModeVariable;

    /// <summary>The environment variable that turns instance metadata off (<c>true</c>).</summary>
    public const string DisabledVariable = InstanceMetadataRules.DisabledVariable;

    private readonly InstanceMetadataCredentialSource _source;

    /// <summary>Initializes a new instance of the <see cref="RefreshingInstanceProfileCredentials"/> class; nothing is fetched until credentials are first asked for.</summary>
    /// <param name="options">The endpoint and the token's lifetime; copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="options"/> are invalid; the message lists every problem.</exception>
    public RefreshingInstanceProfileCredentials(RefreshingInstanceProfileCredentialsOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, timeProvider, loggerFactory, timings: null, extension: null)
    {
    }

    internal RefreshingInstanceProfileCredentials(
        RefreshingInstanceProfileCredentialsOptions options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        RefreshTimings? timings,
        Func<TimeSpan>? extension)
        : this(Validated(options).Clone(), timeProvider ?? TimeProvider.System, CreateLogger(loggerFactory), timings, extension)
    {
    }

    private RefreshingInstanceProfileCredentials(
        RefreshingInstanceProfileCredentialsOptions options,
        TimeProvider time,
        ILogger logger,
        RefreshTimings? timings,
        Func<TimeSpan>? extension)
        : this(new InstanceMetadataCredentialSource(options, time, logger, extension), options, time, logger, timings)
    {
    }

    private RefreshingInstanceProfileCredentials(
        InstanceMetadataCredentialSource source,
        RefreshingInstanceProfileCredentialsOptions options,
        TimeProvider time,
        ILogger logger,
        RefreshTimings? timings)
        : base(source, new RefreshEngineOptions
        {
            Name = source.Description,
            OwnerType = typeof(RefreshingInstanceProfileCredentials),
            AdvisoryWindow = options.AdvisoryWindow,
            BackgroundRefresh = options.BackgroundRefresh,

            // A token, the role name and the credentials, each with its attempts.
            FetchTimeout = TimeSpan.FromTicks(options.Timeout.Ticks * CredentialEndpointHttp.MaxAttempts * 3),
            TimeProvider = time,
            Logger = logger,
            Timings = timings ?? RefreshTimings.Default,
            DescribeExtension = source.DescribeExtension,
        })
    {
        _source = source;
    }

    /// <summary>Gets the instance metadata endpoint the credentials come from.</summary>
    public Uri Endpoint => _source.Endpoint;

    /// <summary>Gets how many times static stability has extended a session because IMDS failed or answered expired credentials.</summary>
    public long StaticStabilityExtensions => _source.Extensions;

    /// <summary>
    /// Creates an instance from <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c> and <c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE</c>
    /// (both optional: <c>http://169.254.169.254</c> by default).
    /// </summary>
    /// <param name="configure">Changes the options read from the environment (timeout, windows…); <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="InvalidOperationException">Thrown when <c>AWS_EC2_METADATA_DISABLED</c> is <c>true</c>.</exception>
    /// <exception cref="ArgumentException">Thrown when a variable's value is invalid; the message names it.</exception>
    public static RefreshingInstanceProfileCredentials FromEnvironment(Action<RefreshingInstanceProfileCredentialsOptions>? configure = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        => new(OptionsFromEnvironment(Environment.GetEnvironmentVariable, configure), timeProvider, loggerFactory);

    /// <summary>Whether instance metadata may be used: <c>AWS_EC2_METADATA_DISABLED</c> is not <c>true</c> (for the default chain).</summary>
    /// <param name="getVariable">Reads a variable; <see langword="null"/> for the process environment.</param>
    internal static bool IsEnabled(Func<string, string?>? getVariable = null)
        => !InstanceMetadataRules.IsDisabled(getVariable ?? Environment.GetEnvironmentVariable);

    /// <summary>The options the environment describes, then <paramref name="configure"/>.</summary>
    /// <exception cref="InvalidOperationException">Thrown when instance metadata is disabled.</exception>
    /// <exception cref="ArgumentException">Thrown when a variable or the options are invalid.</exception>
    internal static RefreshingInstanceProfileCredentialsOptions OptionsFromEnvironment(Func<string, string?> getVariable, Action<RefreshingInstanceProfileCredentialsOptions>? configure)
    {
        if (InstanceMetadataRules.IsDisabled(getVariable))
        {
            throw new InvalidOperationException(
                $"Instance metadata is turned off ({DisabledVariable}={getVariable(DisabledVariable)}), so instance profile credentials cannot be fetched. Unset {DisabledVariable} on EC2, or use another credential source.");
        }

        var options = new RefreshingInstanceProfileCredentialsOptions
        {
            Endpoint = string.IsNullOrEmpty(getVariable(EndpointVariable)) ? null : getVariable(EndpointVariable),
        };
        switch (getVariable(EndpointModeVariable)?.Trim())
        {
            case null or "":
                break;
            case { } mode when string.Equals(mode, "IPv4", StringComparison.OrdinalIgnoreCase):
                options.EndpointMode = InstanceMetadataEndpointMode.IPv4;
                break;
            case { } mode when string.Equals(mode, "IPv6", StringComparison.OrdinalIgnoreCase):
                options.EndpointMode = InstanceMetadataEndpointMode.IPv6;
                break;
            case { } mode:
                throw new ArgumentException($"{EndpointModeVariable} is '{mode}'; it must be IPv4 or IPv6.", nameof(configure));
        }

        configure?.Invoke(options);
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"The instance metadata variables ({EndpointVariable}, {EndpointModeVariable}) describe invalid options: {ex.Message}",
                nameof(configure),
                ex);
        }

        return options;
    }

    /// <inheritdoc/>
    private protected override string Description => "Endpoint = " + _source.Description;

    /// <inheritdoc/>
    private protected override void DisposeOwned() => _source.Dispose();

    private static RefreshingInstanceProfileCredentialsOptions Validated(RefreshingInstanceProfileCredentialsOptions options)
    {
        Guard.NotNull(options);
        options.Validate();
        return options;
    }

    private static ILogger CreateLogger(ILoggerFactory? loggerFactory)
        => (ILogger?)loggerFactory?.CreateLogger<RefreshingInstanceProfileCredentials>() ?? NullLogger.Instance;
}
