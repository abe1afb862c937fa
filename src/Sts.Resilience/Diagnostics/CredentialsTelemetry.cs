using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sts.Resilience.Diagnostics;

/// <summary>The meter instruments and the activity source behind <see cref="RefreshingRoleCredentials"/>.</summary>
internal static class CredentialsTelemetry
{
    // One Meter and one ActivitySource for the whole package, shared with the expired-token retry.
    public static readonly ActivitySource ActivitySource = StsResilienceInstruments.ActivitySource;

    public static readonly Meter Meter = StsResilienceInstruments.Meter;

    /// <summary>Counts refresh attempts, tagged <c>outcome</c> and <c>trigger</c>.</summary>
    public static readonly Counter<long> Refreshes = Meter.CreateCounter<long>(
        "sts_resilience.credentials.refreshes", "{refresh}", "Credential refresh attempts, by outcome (success, failure, non_recoverable) and trigger.");

    public static readonly Histogram<double> RefreshDuration = Meter.CreateHistogram<double>(
        "sts_resilience.credentials.refresh.duration", "s", "How long one credential refresh took, including the STS call.");

    private static readonly object Gate = new();
    private static readonly List<WeakReference<RefreshingRoleCredentials>> Live = [];

    static CredentialsTelemetry()
    {
        Meter.CreateObservableGauge(
            "sts_resilience.credentials.time_to_expiry", ObserveTimeToExpiry, "s", "Seconds until the cached credentials expire (negative once expired), per role.");
    }

    public static void Register(RefreshingRoleCredentials credentials)
    {
        lock (Gate)
        {
            Live.Add(new WeakReference<RefreshingRoleCredentials>(credentials));
        }
    }

    public static void Unregister(RefreshingRoleCredentials credentials)
    {
        lock (Gate)
        {
            Live.RemoveAll(w => !w.TryGetTarget(out var c) || ReferenceEquals(c, credentials));
        }
    }

    private static IEnumerable<Measurement<double>> ObserveTimeToExpiry()
    {
        List<Measurement<double>> measurements = [];
        lock (Gate)
        {
            foreach (var weak in Live)
            {
                if (weak.TryGetTarget(out var credentials) && credentials.TimeToExpiry() is { } remaining)
                {
                    measurements.Add(new Measurement<double>(remaining.TotalSeconds, new KeyValuePair<string, object?>("role", credentials.RoleArn)));
                }
            }
        }

        return measurements;
    }
}
