namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>One line or set of points in a panel.</summary>
/// <param name="Label">The legend text; says whose it is (ours or the AWS SDK's) and the total.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values, as many as <paramref name="X"/>.</param>
/// <param name="Style">How it is drawn, so that it reads without colour.</param>
internal sealed record ChartSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, SeriesStyle Style)
{
    /// <summary>Gets the text written beside the last point, or <see langword="null"/> for none.</summary>
    public string? EndLabel { get; init; }

    /// <summary>Gets a value indicating whether the points are joined as a staircase (counts that step up), not straight lines.</summary>
    public bool Steps { get; init; }

    /// <summary>Gets a value indicating whether only the markers are drawn, without a line between them.</summary>
    public bool MarkersOnly { get; init; }
}
