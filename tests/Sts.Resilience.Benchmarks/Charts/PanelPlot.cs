using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>Builds the ScottPlot <see cref="Plot"/> of one <see cref="ChartPanel"/>.</summary>
internal static class PanelPlot
{
    public static Plot Build(ChartPanel panel, string fontName)
    {
        var plot = new Plot();
        plot.Font.Set(fontName);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        plot.XLabel(panel.XLabel, 16);
        plot.YLabel(panel.YLabel, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        if (panel.Bars.Count > 0)
        {
            AddBars(plot, panel);
        }

        var yMax = 0.0;
        var xMax = panel.XMax ?? panel.Series.SelectMany(series => series.X).DefaultIfEmpty(1).Max();
        foreach (var (series, index) in panel.Series.Select((series, index) => (series, index)))
        {
            yMax = Math.Max(yMax, AddSeries(plot, panel, series, xMax, index));
        }

        if (panel.Series.Count > 0)
        {
            // Outside the data area, so it never hides a point.
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.FontSize = 14;
            plot.Legend.FontName = fontName;
            plot.Axes.AutoScale();
            if (panel.LogY)
            {
                plot.Axes.Left.TickGenerator = new NumericAutomatic
                {
                    MinorTickGenerator = new LogMinorTickGenerator(),
                    IntegerTicksOnly = true,
                    LabelFormatter = y => Math.Pow(10, y).ToString("#,0.###", CultureInfo.InvariantCulture),
                };
                // Headroom above the highest point for its label and the marks' text.
                plot.Axes.SetLimitsY(-0.2, Math.Ceiling(yMax) + 1.2);
            }
            else
            {
                plot.Axes.SetLimitsY(0, yMax <= 0 ? 1 : yMax * 1.35);
            }

            if (panel.XMax is { } limit)
            {
                plot.Axes.SetLimitsX(panel.XMin, limit);
            }

            // Each mark: a dotted line with its text at the bottom of the axes (the end labels use the top), on the side
            // with room, each one line higher than the one before, so marks close together stay readable.
            var bottom = plot.Axes.GetLimits().Bottom;
            foreach (var (mark, index) in panel.Marks.Select((mark, index) => (mark, index)))
            {
                plot.Add.VerticalLine(mark.X, 1.5f, Colors.Black, LinePattern.Dotted);
                var text = plot.Add.Text(mark.Text, mark.X, bottom);
                var left = mark.X < (panel.XMin + xMax) / 2;
                Label(text, Colors.Black, left ? Alignment.LowerLeft : Alignment.LowerRight);
                text.OffsetX = left ? 4 : -4;
                text.OffsetY = -4 - (26 * index);
            }
        }

        return plot;
    }

    private static void Label(ScottPlot.Plottables.Text label, Color border, Alignment alignment)
    {
        label.LabelFontSize = 14;
        label.LabelFontColor = Colors.Black;
        label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        label.LabelBorderColor = border;
        label.LabelBorderWidth = 1;
        label.LabelPadding = 4;
        label.LabelAlignment = alignment;
    }

    private static double AddSeries(Plot plot, ChartPanel panel, ChartSeries series, double xMax, int index)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < series.X.Count; i++)
        {
            var y = series.Y[i];
            if (panel.LogY && y <= 0)
            {
                continue;
            }

            xs.Add(series.X[i]);
            ys.Add(panel.LogY ? Math.Log10(y) : y);
        }

        var (color, pattern, shape) = Look(series.Style);
        var scatter = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        scatter.LegendText = series.Label;
        scatter.LinePattern = pattern;
        scatter.LineWidth = series.MarkersOnly ? 0 : 2.5f;
        scatter.MarkerShape = shape;
        scatter.MarkerSize = series.MarkersOnly ? 8 : 0;
        if (series.Steps)
        {
            scatter.ConnectStyle = ConnectStyle.StepHorizontal;
        }

        if (series.EndLabel is { } text && xs.Count > 0)
        {
            var marker = plot.Add.Marker(xs[^1], ys[^1], shape, 11, color);
            marker.LegendText = string.Empty;
            // Text to the right of a point in the left half of the axes, to the left of one in the right half.
            var right = xs[^1] < (panel.XMin + xMax) / 2;
            var label = plot.Add.Text(text, xs[^1], ys[^1]);
            Label(label, color, right ? Alignment.LowerLeft : Alignment.LowerRight);
            label.OffsetX = right ? 6 : -6;
            label.OffsetY = -6 - (26 * index); // the second series' label a line higher, in case the two ends are close
        }

        return ys.Count == 0 ? 0 : ys.Max();
    }

    private static void AddBars(Plot plot, ChartPanel panel)
    {
        var bars = panel.Bars.Select((bar, i) =>
        {
            var (color, _, _) = Look(bar.Style);
            return new Bar
            {
                Position = i,
                Value = bar.Value,
                FillColor = color.WithAlpha(bar.Style == SeriesStyle.Ours ? 1 : 0.45),
                LineColor = Colors.Black,
                LineWidth = 1,
                Label = bar.ValueText,
            };
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 14;
        plottable.ValueLabelStyle.FontName = plot.Axes.Left.TickLabelStyle.FontName;
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            Enumerable.Range(0, panel.Bars.Count).Select(i => (double)i).ToArray(),
            panel.Bars.Select(bar => bar.Label).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.25);
    }

    private static (Color Color, LinePattern Pattern, MarkerShape Shape) Look(SeriesStyle style) => style switch
    {
        SeriesStyle.Ours => (Color.FromHex("#0072B2"), LinePattern.Solid, MarkerShape.FilledCircle),
        SeriesStyle.Sdk => (Color.FromHex("#D55E00"), LinePattern.Dashed, MarkerShape.OpenTriangleUp),
        _ => (Color.FromHex("#009E73"), LinePattern.Dotted, MarkerShape.FilledSquare),
    };
}
