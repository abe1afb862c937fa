using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.Tests;

/// <summary>The hot-path chart reads BenchmarkDotNet's CSV export: units, quoted values and the Allocated column.</summary>
public sealed class HotPathChartTests
{
    private const string Csv = """
        Method,Job,Mean,Error,StdDev,Gen0,Allocated
        SessionAWSCredentials_GetCredentials,ShortRun,0.4008 ns,11.3237 ns,0.6207 ns,0.0000,0 B
        RefreshingRoleCredentials_GetCredentialsAsync,ShortRun,1.6745 ns,0.2242 ns,0.0123 ns,-,-
        AssumeRoleAWSCredentials_GetCredentialsAsync,ShortRun,"1,155.8698 ns",31.0998 ns,1.7047 ns,0.0343,72 B
        AssumeRoleAWSCredentials_GetCredentials,ShortRun,1.5 μs,0.1 μs,0.1 μs,-,1 KB
        """;

    [Fact]
    public void FromCsv_BenchmarkDotNetExport_BarsInNanosecondsAndBytes()
    {
        var chart = HotPathChart.FromCsv(Csv, new DateTimeOffset(2026, 12, 1, 19, 0, 0, TimeSpan.Zero), "test machine");

        Assert.Equal([0.4008, 1.6745, 1155.8698, 1500], chart.Panels[0].Bars.Select(b => b.Value));
        Assert.Equal(["0.4 ns", "1.7 ns", "1156 ns", "1500 ns"], chart.Panels[0].Bars.Select(b => b.ValueText));
        Assert.Equal([0, 0, 72, 1024], chart.Panels[1].Bars.Select(b => b.Value));
        Assert.Equal([SeriesStyle.Other, SeriesStyle.Ours, SeriesStyle.Sdk, SeriesStyle.Sdk], chart.Panels[0].Bars.Select(b => b.Style));
        Assert.Contains("2026-12-01 19:00 UTC", chart.Footer[0], StringComparison.Ordinal);
        Assert.Contains("test machine", chart.Footer[0], StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_NoMeanColumn_Throws() =>
        Assert.Throws<FormatException>(() => HotPathChart.FromCsv("Method,Allocated\nX_Y,0 B", DateTimeOffset.UnixEpoch, "m"));
}
