namespace Sts.Resilience.Diagnostics;

/// <summary>
/// The names under which Sts.Resilience publishes its telemetry, for use with
/// OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c> or a <c>MeterListener</c>.
/// </summary>
public static class StsResilienceTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that publishes refresh and retry metrics.</summary>
    /// <value>The value is <c>Sts.Resilience</c>.</value>
    public const string MeterName = "Sts.Resilience";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that publishes a span per credential refresh.</summary>
    /// <value>The value is <c>Sts.Resilience</c>.</value>
    public const string ActivitySourceName = "Sts.Resilience";
}
