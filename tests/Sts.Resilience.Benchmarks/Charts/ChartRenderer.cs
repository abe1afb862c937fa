using System.Globalization;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot 5 to <c>Name.png</c> and <c>Name.svg</c>: the title and what was
/// measured on top, the panels, then the footer (when, machine, command). White background with dark text, so it reads
/// the same on a light or dark page; series differ in line pattern and marker shape as well as colour.
/// </summary>
internal static class ChartRenderer
{
    /// <summary>The width of every chart, in pixels.</summary>
    public const int Width = 1200;

    private const int PanelHeight = 360;
    private const float Margin = 24;
    private const string FontName = "DejaVu Sans";

    /// <summary>Writes the chart to <paramref name="folder"/> and returns the two files' paths.</summary>
    public static (string Png, string Svg) Write(ChartSpec chart, string folder)
    {
        Directory.CreateDirectory(folder);
        var height = Height(chart);
        var png = Path.Combine(folder, chart.Name + ".png");
        using (var surface = SKSurface.Create(new SKImageInfo(Width, height)))
        {
            Draw(chart, surface.Canvas, height);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(png);
            data.SaveTo(file);
        }

        var svg = Path.Combine(folder, chart.Name + ".svg");
        using (var stream = new MemoryStream())
        {
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, height), stream))
            {
                Draw(chart, canvas, height);
            }

            File.WriteAllText(svg, WithTitle(Encoding.UTF8.GetString(stream.ToArray()), chart.Title));
        }

        return (png, svg);
    }

    /// <summary>Gets the height in pixels of <paramref name="chart"/>.</summary>
    public static int Height(ChartSpec chart) =>
        (int)(HeaderHeight(chart) + (chart.Panels.Count * PanelHeight) + FooterHeight(chart));

    private static float HeaderHeight(ChartSpec chart)
    {
        using var fonts = new Fonts();
        return Margin + (Wrap(chart.Title, fonts.Bold).Count * 28) + (chart.Measured.Sum(line => Wrap(line, fonts.Regular).Count) * 21) + 10;
    }

    private static float FooterHeight(ChartSpec chart)
    {
        using var fonts = new Fonts();
        return 10 + (chart.Footer.Sum(line => Wrap(line, fonts.Small).Count) * 19) + Margin;
    }

    private static void Draw(ChartSpec chart, SKCanvas canvas, int height)
    {
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var fonts = new Fonts();
        var y = Margin - 6;
        foreach (var line in Wrap(chart.Title, fonts.Bold))
        {
            y += 28;
            canvas.DrawText(line, Margin, y, SKTextAlign.Left, fonts.Bold, paint);
        }

        y += 2;
        foreach (var line in chart.Measured.SelectMany(line => Wrap(line, fonts.Regular)))
        {
            y += 21;
            canvas.DrawText(line, Margin, y, SKTextAlign.Left, fonts.Regular, paint);
        }

        var top = HeaderHeight(chart);
        foreach (var panel in chart.Panels)
        {
            // ScottPlot clears the canvas before it draws a plot; the clip keeps that to the panel's own rectangle.
            var plot = PanelPlot.Build(panel, FontName);
            canvas.Save();
            canvas.ClipRect(new SKRect(0, top, Width, top + PanelHeight));
            plot.Render(canvas, new PixelRect(0, Width, top + PanelHeight, top));
            canvas.Restore();
            top += PanelHeight;
        }

        paint.Color = new SKColor(0x33, 0x33, 0x33);
        y = height - FooterHeight(chart) + 10;
        foreach (var line in chart.Footer.SelectMany(line => Wrap(line, fonts.Small)))
        {
            y += 19;
            canvas.DrawText(line, Margin, y, SKTextAlign.Left, fonts.Small, paint);
        }
    }

    /// <summary>Breaks <paramref name="text"/> at spaces into lines no wider than the chart's margins allow.</summary>
    private static List<string> Wrap(string text, SKFont font)
    {
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && font.MeasureText(candidate) > Width - (2 * Margin))
            {
                lines.Add(line);
                candidate = word;
            }

            line = candidate;
        }

        lines.Add(line);
        return lines;
    }

    /// <summary>Puts a <c>title</c> element first in the SVG, for screen readers and for the test that finds it.</summary>
    private static string WithTitle(string svg, string title)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var end = start < 0 ? -1 : svg.IndexOf('>', start);
        if (end < 0)
        {
            throw new InvalidOperationException("SkiaSharp wrote no <svg> element.");
        }

        var escaped = System.Security.SecurityElement.Escape(title);
        return svg[..(end + 1)] + "<title>" + escaped + "</title>" + svg[(end + 1)..];
    }

    /// <summary>The three fonts of the header and footer.</summary>
    private sealed class Fonts : IDisposable
    {
        public SKFont Bold { get; } = new(SKTypeface.FromFamilyName(FontName, SKFontStyle.Bold), 22);

        public SKFont Regular { get; } = new(SKTypeface.FromFamilyName(FontName), 16);

        public SKFont Small { get; } = new(SKTypeface.FromFamilyName(FontName), 14);

        public void Dispose()
        {
            Bold.Dispose();
            Regular.Dispose();
            Small.Dispose();
        }
    }

    /// <summary>Formats a count with thousands separators, as the tables do not (they are pasted as they are).</summary>
    public static string Count(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
