using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>Runs the count-based scenarios (issue 10, 2-7; issue 13, 9) and prints them as markdown.</summary>
internal static class ScenarioRunner
{
    public static async Task<int> RunAsync(string[] which)
    {
        var all = new (string Id, Func<Task> Run)[]
        {
            ("2", StormScenarios.RunAsync), // 2 and 3 together
            ("4", OutageScenario.RunAsync),
            ("5", ShortSessionScenario.RunAsync),
            ("6", FleetScenario.RunAsync),
            ("9", ExpiryOutageScenario.RunAsync),
            ("7", RecoveryScenario.RunAsync), // last: it registers the retry handler for the whole process
        };
        Console.WriteLine($"Scenarios run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}.");
        foreach (var (id, run) in all)
        {
            if (which.Length > 0 && !which.Contains(id) && !(id == "2" && which.Contains("3")))
            {
                continue;
            }

            var watch = Stopwatch.StartNew();
            await run();
            Console.WriteLine($"(scenario {id} took {watch.Elapsed.TotalSeconds:0} s)");
        }

        return 0;
    }
}
