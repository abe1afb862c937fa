using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Sts.Resilience.Diagnostics;

/// <summary>
/// The meter instruments behind <see cref="RefreshingRoleCredentials"/>, one set per <see cref="System.Diagnostics.Metrics.Meter"/>:
/// <see cref="Default"/> on the package's own meter, or <see cref="For(IMeterFactory)"/> on a meter created by a host's
/// <see cref="IMeterFactory"/> (so that metrics are scoped to the host's container, as dotnet/extensions does).
/// </summary>
internal sealed class CredentialsTelemetry
{
    // One ActivitySource and one default Meter for the whole package, shared with the expired-token retry.
    public static readonly ActivitySource ActivitySource = StsResilienceInstruments.ActivitySource;

    // A factory's Create returns the same Meter for the same name and version, so one instrument set per Meter is kept.
    private static readonly ConditionalWeakTable<Meter, CredentialsTelemetry> ByMeter = new();

    private readonly object _gate = new();
    private readonly List<WeakReference<Engine.RefreshEngine>> _live = [];

    private CredentialsTelemetry(Meter meter)
    {
        Meter = meter;
        Refreshes = meter.CreateCounter<long>(
            "sts_resilience.credentials.refreshes", "{refresh}", "Credential refresh attempts, by outcome (success, failure, non_recoverable) and trigger.");
        ExpiredTokenRetries = meter.CreateCounter<long>(
            "sts_resilience.expired_token.retries",
            unit: "{request}",
            description: "Requests rejected because their credentials expired, by what the retry did: recovered, not_refreshable, failed_again, body_not_rewindable.");
        RefreshDuration = meter.CreateHistogram<double>(
            "sts_resilience.credentials.refresh.duration", "s", "How long one credential refresh took, including the STS call.");
        meter.CreateObservableGauge(
            "sts_resilience.credentials.time_to_expiry", ObserveTimeToExpiry, "s", "Seconds until the cached credentials expire (negative once expired), per role.");
    }

    /// <summary>Gets the instruments on the package's own static meter, used when no <see cref="IMeterFactory"/> is given (and by the retry until a registration gives one).</summary>
    public static CredentialsTelemetry Default { get; } = new(StsResilienceInstruments.Meter);

    private static readonly AsyncLocal<CredentialsTelemetry?> Ambient = new();

    /// <summary>Gets the instruments of the host creating credentials now (see <see cref="Use"/>), else <see cref="Default"/>.</summary>
    public static CredentialsTelemetry Current => Ambient.Value ?? Default;

    /// <summary>
    /// Makes <paramref name="telemetry"/> the instruments of every front built until the result is disposed, on this flow
    /// only: how a host (DI) puts sources it builds through public factories (the default chain) on its own meter.
    /// </summary>
    public static IDisposable Use(CredentialsTelemetry? telemetry)
    {
        var previous = Ambient.Value;
        Ambient.Value = telemetry;
        return new Restore(previous);
    }

    public Meter Meter { get; }

    /// <summary>Gets the counter of refresh attempts, tagged <see cref="TelemetryTags.Outcome"/>, <see cref="TelemetryTags.Trigger"/>, <see cref="TelemetryTags.RoleArn"/> (and <see cref="TelemetryTags.ErrorType"/> on failure).</summary>
    public Counter<long> Refreshes { get; }

    /// <summary>Gets the expired-token retry's counter, tagged <see cref="TelemetryTags.Outcome"/>, <c>rpc.*</c> and <see cref="TelemetryTags.ErrorType"/>.</summary>
    public Counter<long> ExpiredTokenRetries { get; }

    public Histogram<double> RefreshDuration { get; }

    /// <summary>Returns the instruments on the <c>Sts.Resilience</c> meter of <paramref name="meterFactory"/>.</summary>
    public static CredentialsTelemetry For(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(StsResilienceTelemetry.MeterName) { Version = StsResilienceInstruments.Version });
        return ByMeter.GetValue(meter, static m => new CredentialsTelemetry(m));
    }

    public void Register(Engine.RefreshEngine credentials)
    {
        lock (_gate)
        {
            _live.Add(new WeakReference<Engine.RefreshEngine>(credentials));
        }
    }

    public void Unregister(Engine.RefreshEngine credentials)
    {
        lock (_gate)
        {
            _live.RemoveAll(w => !w.TryGetTarget(out var c) || ReferenceEquals(c, credentials));
        }
    }

    private IEnumerable<Measurement<double>> ObserveTimeToExpiry()
    {
        List<Measurement<double>> measurements = [];
        lock (_gate)
        {
            foreach (var weak in _live)
            {
                if (weak.TryGetTarget(out var credentials) && credentials.TimeToExpiry() is { } remaining)
                {
                    measurements.Add(new Measurement<double>(remaining.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.RoleArn, credentials.Name)));
                }
            }
        }

        return measurements;
    }

    private sealed class Restore(CredentialsTelemetry? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
