namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>
/// One chart as a scenario returns it: what it shows (title and what was measured), one or more panels stacked
/// vertically, and the footer lines (when, on what machine, the command) that <see cref="ChartRun"/> fills in.
/// </summary>
/// <param name="Name">The file name without extension: <c>Name.png</c> and <c>Name.svg</c>.</param>
/// <param name="Title">The first line on the chart, and the SVG's <c>title</c>.</param>
/// <param name="Measured">What was measured, in a sentence or two (one line each).</param>
/// <param name="Panels">The panels, top to bottom.</param>
internal sealed record ChartSpec(string Name, string Title, IReadOnlyList<string> Measured, IReadOnlyList<ChartPanel> Panels)
{
    /// <summary>Gets the lines under the panels: when and where it was measured, and how to regenerate it.</summary>
    public IReadOnlyList<string> Footer { get; init; } = [];
}
