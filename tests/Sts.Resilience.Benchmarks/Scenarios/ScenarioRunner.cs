using System.Diagnostics;
using System.Runtime.InteropServices;
using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Runs the count-based scenarios (issue 10, 2-7; issue 13, 9; issue 15, 11) and prints them as markdown; with <c>--charts folder</c> it also
/// draws each scenario's chart from the same run (issue 19), and the hot path's from BenchmarkDotNet's CSV if there is one.
/// </summary>
internal static class ScenarioRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var chartsAt = Array.IndexOf(args, "--charts");
        if (chartsAt >= 0 && chartsAt + 1 >= args.Length)
        {
            await Console.Error.WriteLineAsync("--charts needs a folder: --scenarios --charts ../../docs/img");
            return 2;
        }

        var charts = chartsAt < 0 ? null : new ChartRun(args[chartsAt + 1]);
        var which = chartsAt < 0 ? args : [.. args[..chartsAt], .. args[(chartsAt + 2)..]];
        var all = new (string Id, Func<Task<IReadOnlyList<ChartSpec>>> Run)[]
        {
            ("2", StormScenarios.RunAsync), // 2 and 3 together
            ("4", OutageScenario.RunAsync),
            ("5", NoChart(ShortSessionScenario.RunAsync)),
            ("6", FleetScenario.RunAsync),
            ("9", ExpiryOutageScenario.RunAsync),
            ("11", NoChart(EndpointStormScenario.RunAsync)), // 11a and 11b: the container endpoint and instance metadata
            ("11", NoChart(EndpointOutageScenario.RunAsync)),
            ("7", NoChart(RecoveryScenario.RunAsync)), // last: it registers the retry handler for the whole process
        };
        Console.WriteLine($"Scenarios run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}.");
        foreach (var (id, run) in all)
        {
            if (which.Length > 0 && !which.Contains(id) && !(id == "2" && which.Contains("3")))
            {
                continue;
            }

            var watch = Stopwatch.StartNew();
            var started = TimeProvider.System.GetUtcNow();
            var load = ChartRun.LoadAverage();
            var drawn = await run();
            Console.WriteLine($"(scenario {id} took {watch.Elapsed.TotalSeconds:0} s)");
            charts?.Write(drawn, started, load);
        }

        if (charts is not null && (which.Length == 0 || which.Contains("1")))
        {
            if (File.Exists(HotPathChart.DefaultCsv))
            {
                var csv = await File.ReadAllTextAsync(HotPathChart.DefaultCsv);
                ChartRenderer.Write(HotPathChart.FromCsv(csv, File.GetLastWriteTimeUtc(HotPathChart.DefaultCsv), ChartRun.Machine), charts.Folder);
                Console.WriteLine($"(chart hot-path from {HotPathChart.DefaultCsv})");
            }
            else
            {
                Console.WriteLine($"(no hot-path chart: run `{HotPathChart.Command}` first to write {HotPathChart.DefaultCsv})");
            }
        }

        return 0;
    }

    private static Func<Task<IReadOnlyList<ChartSpec>>> NoChart(Func<Task> run) => async () =>
    {
        await run();
        return [];
    };
}
