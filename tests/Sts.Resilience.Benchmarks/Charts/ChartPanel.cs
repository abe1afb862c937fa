namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>
/// One set of axes: lines or points (<see cref="Series"/>) over a numeric x axis, or labelled bars (<see cref="Bars"/>).
/// </summary>
/// <param name="XLabel">The x axis label, with its unit.</param>
/// <param name="YLabel">The y axis label, with its unit.</param>
internal sealed record ChartPanel(string XLabel, string YLabel)
{
    /// <summary>Gets the lines or points; every series has its own line pattern or marker shape as well as colour.</summary>
    public IReadOnlyList<ChartSeries> Series { get; init; } = [];

    /// <summary>Gets the bars, left to right, each labelled under the axis and with its value on top.</summary>
    public IReadOnlyList<ChartBar> Bars { get; init; } = [];

    /// <summary>Gets the vertical marks across the panel (an outage ending, a recovery), each with its text.</summary>
    public IReadOnlyList<ChartMark> Marks { get; init; } = [];

    /// <summary>Gets a value indicating whether the y axis is logarithmic (base 10); points at or below 0 are left out.</summary>
    public bool LogY { get; init; }

    /// <summary>Gets the lower end of the x axis when <see cref="XMax"/> is set (0 unless told).</summary>
    public double XMin { get; init; }

    /// <summary>Gets the upper end of the x axis, or <see langword="null"/> to fit the data.</summary>
    public double? XMax { get; init; }
}
