namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>One bar: its label under the axis, its value, the text on top, and whose it is.</summary>
internal sealed record ChartBar(string Label, double Value, string ValueText, SeriesStyle Style);
