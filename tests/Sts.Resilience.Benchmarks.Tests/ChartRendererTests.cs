using System.Buffers.Binary;
using System.Xml.Linq;
using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.Tests;

/// <summary>Renders a chart from fixed numbers and checks the files are a valid PNG and SVG of the expected size.</summary>
public sealed class ChartRendererTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sts-charts-" + Guid.NewGuid().ToString("N"));

    private static ChartSpec Fixed()
    {
        var (ox, oy) = Cumulative.Of([10, 40, 80], 90);
        var (sx, sy) = Cumulative.Of(Enumerable.Range(1, 200).Select(i => i * 10.0), 2000);
        return new ChartSpec(
            "fixed-storm",
            "Storm while STS fails (fixed numbers)",
            ["A test chart: three requests against two hundred."],
            [
                new ChartPanel("time (ms)", "AssumeRole HTTP requests (running total)")
                {
                    Series =
                    [
                        new ChartSeries("ours", ox, oy, SeriesStyle.Ours) { Steps = true, EndLabel = "3 requests" },
                        new ChartSeries("AWS SDK", sx, sy, SeriesStyle.Sdk) { Steps = true, EndLabel = "200 requests" },
                    ],
                    Marks = [new ChartMark(1000, "STS back")],
                },
                new ChartPanel("time (ms)", "requests (log)") { LogY = true, Series = [new ChartSeries("AWS SDK", sx, sy, SeriesStyle.Other) { MarkersOnly = true }] },
                new ChartPanel(string.Empty, "ns per call") { Bars = [new ChartBar("ours", 1.2, "1.2 ns", SeriesStyle.Ours), new ChartBar("SDK", 142, "142 ns", SeriesStyle.Sdk)] },
            ])
        {
            Footer = ["Measured never: fixed numbers.", "Regenerate: dotnet test"],
        };
    }

    [Fact]
    public void Write_FixedNumbers_WritesAPngOfTheChartsSize()
    {
        var chart = Fixed();

        var (png, _) = ChartRenderer.Write(chart, _folder);

        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(ChartRenderer.Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(ChartRenderer.Height(chart), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.Equal(1200 + 0, ChartRenderer.Width);
        Assert.True(ChartRenderer.Height(chart) > 3 * 300, "three panels are stacked");
    }

    [Fact]
    public void Write_FixedNumbers_WritesAnSvgWithTheTitleAndTheText()
    {
        var chart = Fixed();

        var (_, svg) = ChartRenderer.Write(chart, _folder);

        var document = XDocument.Load(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        Assert.Equal("Storm while STS fails (fixed numbers)", document.Root.Element(ns + "title")?.Value);
        Assert.Equal(ChartRenderer.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), document.Root.Attribute("width")?.Value);
        Assert.Equal(ChartRenderer.Height(chart).ToString(System.Globalization.CultureInfo.InvariantCulture), document.Root.Attribute("height")?.Value);
        var text = string.Concat(document.Descendants(ns + "text").Select(t => t.Value));
        Assert.Contains("200 requests", text, StringComparison.Ordinal);
        Assert.Contains("Regenerate: dotnet test", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
