using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sts.Resilience.Diagnostics;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> and <see cref="System.Diagnostics.ActivitySource"/> of the
/// package, shared by every feature so that listeners subscribe to a single name.
/// </summary>
internal static class StsResilienceInstruments
{
    public static string Version => typeof(StsResilienceInstruments).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static Meter Meter { get; } = new(StsResilienceTelemetry.MeterName, Version);

    public static ActivitySource ActivitySource { get; } = new(StsResilienceTelemetry.ActivitySourceName, Version);
}
