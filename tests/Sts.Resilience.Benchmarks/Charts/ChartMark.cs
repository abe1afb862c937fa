namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>A vertical line across a panel at <paramref name="X"/>, with <paramref name="Text"/> beside it.</summary>
internal sealed record ChartMark(double X, string Text);
