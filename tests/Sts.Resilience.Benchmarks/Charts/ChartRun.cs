using System.Globalization;
using System.Runtime.InteropServices;

namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>
/// The charts of one scenario run (<c>--scenarios --charts folder</c>): stamps each chart with when it was measured,
/// the load average, the machine and the command that regenerates it, and writes it to the folder.
/// </summary>
internal sealed class ChartRun(string folder)
{
    /// <summary>The command that regenerates the charts, as the footer of every chart names it.</summary>
    public const string Command = "cd tests/Sts.Resilience.Benchmarks && dotnet run -c Release -- --scenarios --charts ../../docs/img";

    /// <summary>Gets the folder the charts are written to.</summary>
    public string Folder { get; } = folder;

    /// <summary>Gets the machine as the footer names it: CPU model and count, memory, OS and .NET runtime.</summary>
    public static string Machine { get; } = DescribeMachine();

    /// <summary>Reads the 1-minute load average (Linux), or returns <see langword="null"/> where there is none.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="charts"/>, measured from <paramref name="started"/> until now.</summary>
    public void Write(IEnumerable<ChartSpec> charts, DateTimeOffset started, double? loadAtStart)
    {
        var now = TimeProvider.System.GetUtcNow();
        var load = (loadAtStart, LoadAverage()) switch
        {
            ({ } a, { } b) => $", load average {Math.Min(a, b):0.0}–{Math.Max(a, b):0.0}",
            _ => string.Empty,
        };
        string[] footer =
        [
            FormattableString.Invariant($"Measured {started:yyyy-MM-dd HH:mm}–{now:HH:mm} UTC{load}, on {Machine}."),
            "Regenerate: " + Command,
        ];
        foreach (var chart in charts)
        {
            var (png, _) = ChartRenderer.Write(chart with { Footer = [.. chart.Footer, .. footer] }, Folder);
            Console.WriteLine($"(chart {Path.GetFileNameWithoutExtension(png)}: {png} and .svg)");
        }
    }

    private static string DescribeMachine()
    {
        var cpu = string.Empty;
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? string.Empty;
        }
        catch (IOException)
        {
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return FormattableString.Invariant($"{(cpu.Length > 0 ? cpu + ", " : string.Empty)}{Environment.ProcessorCount} vCPU, {memory:0} GB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }
}
