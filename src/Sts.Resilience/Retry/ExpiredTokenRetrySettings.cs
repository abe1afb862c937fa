using Microsoft.Extensions.Logging;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Retry;

/// <summary>What the installed retry policies read at the time of a rejection (so a later registration call can change the logger).</summary>
internal sealed class ExpiredTokenRetrySettings
{
    private volatile ILoggerFactory? _loggerFactory;
    private volatile CredentialsTelemetry _telemetry = CredentialsTelemetry.Default;

    public ExpiredTokenRetrySettings(TimeProvider timeProvider, Func<ProfileFileLocations> profileFiles)
    {
        TimeProvider = timeProvider;
        ProfileFiles = profileFiles;
    }

    /// <summary>Gets the clock the host's clock offset is measured with.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the shared config files searched for a profile holding the rejected key.</summary>
    public Func<ProfileFileLocations> ProfileFiles { get; }

    public ILoggerFactory? LoggerFactory
    {
        get => _loggerFactory;
        set => _loggerFactory = value;
    }

    /// <summary>Gets or sets the instruments the retry counts on: the package's meter, or the latest host's <c>IMeterFactory</c> meter.</summary>
    public CredentialsTelemetry Telemetry
    {
        get => _telemetry;
        set => _telemetry = value;
    }
}
