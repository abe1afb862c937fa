using BenchmarkDotNet.Running;
using Sts.Resilience.Benchmarks.CpuTime;
using Sts.Resilience.Benchmarks.Scenarios;

// `--scenarios [2 3 4 5 6 7 9]`: the count-based scenarios as a markdown report; `--cpu-time [ROUNDS] [CALLS]`: the
// SigV4 handler beside the direct signer by thread CPU time; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--scenarios")
{
    return await ScenarioRunner.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "--cpu-time")
{
    return CpuTimeComparison.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ScenarioRunner).Assembly).Run(args);
return 0;
