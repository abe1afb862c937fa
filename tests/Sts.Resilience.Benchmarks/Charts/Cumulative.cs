namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>Turns event times into a staircase of running totals, for series drawn with <see cref="ChartSeries.Steps"/>.</summary>
internal static class Cumulative
{
    /// <summary>
    /// Points (0, 0), then (t, n) for the n-th event at time t (sorted), then (<paramref name="end"/>, total) so the
    /// line runs on to the end of the measurement.
    /// </summary>
    public static (double[] X, double[] Y) Of(IEnumerable<double> times, double end)
    {
        var sorted = times.Order().ToArray();
        var x = new List<double> { 0 };
        var y = new List<double> { 0 };
        for (var i = 0; i < sorted.Length; i++)
        {
            x.Add(sorted[i]);
            y.Add(i + 1);
        }

        x.Add(Math.Max(end, sorted.Length == 0 ? 0 : sorted[^1]));
        y.Add(sorted.Length);
        return ([.. x], [.. y]);
    }
}
