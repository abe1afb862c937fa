using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sts.Resilience.Diagnostics;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> and <see cref="System.Diagnostics.ActivitySource"/> of the
/// package, shared by every feature so that listeners subscribe to a single name.
/// </summary>
internal static class StsResilienceInstruments
{
    public static Meter Meter { get; } = new(StsResilienceTelemetry.MeterName, typeof(StsResilienceInstruments).Assembly.GetName().Version?.ToString());

    public static ActivitySource ActivitySource { get; } = new(StsResilienceTelemetry.ActivitySourceName, typeof(StsResilienceInstruments).Assembly.GetName().Version?.ToString());
}
