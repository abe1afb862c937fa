using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.CpuTime;

/// <summary>
/// <see cref="SigV4HandlerOverhead"/>'s two pairs (GET and 1 KiB POST: <c>AwsSigV4Handler</c> beside
/// <c>AWSSigV4Signer</c> called directly with a snapshot) timed by the thread's CPU time instead of the wall clock, so
/// that a comparison can be made while other work loads the machine. Each round runs both methods of a pair the same
/// number of times back to back, in alternating order; the ratio is the median over rounds of each round's quotient,
/// so slow and fast periods of the machine fall on both sides of it. Bytes are the thread's allocations per call. A
/// second table does the same for a SHA-256 of 0 B and 1 KiB: one-call <c>SHA256.HashData</c> beside a reused
/// <c>IncrementalHash</c> (how <c>PayloadHash</c> hashes a body).
/// </summary>
/// <remarks>
/// Every call completes synchronously (in-memory answer, cached credentials); a call that does not is an error, since
/// its work would run on another thread's clock. Command: <c>dotnet run -c Release -- --cpu-time [ROUNDS] [CALLS]</c>.
/// </remarks>
internal static class CpuTimeComparison
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var bench = new SigV4HandlerOverhead();
        bench.Setup();
        try
        {
            var pairs = new (string Name, Func<Task<HttpStatusCode>> Baseline, Func<Task<HttpStatusCode>> Candidate)[]
            {
                ("GET", bench.Get_SignerDirectWithSnapshot, bench.Get_AwsSigV4Handler),
                ("POST 1 KiB", bench.Post1KiB_SignerDirectWithSnapshot, bench.Post1KiB_AwsSigV4Handler),
            };
            var started = TimeProvider.System.GetUtcNow();
            var loadAtStart = ChartRun.LoadAverage();
            foreach (var (_, direct, handler) in pairs)
            {
                Measure(direct, calls / 4); // warm-up
                Measure(handler, calls / 4);
            }

            Console.WriteLine($"CPU-time comparison, {rounds} rounds of {calls} calls per method, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}{(ThreadCpuClock.IsPerThread ? string.Empty : " (process CPU time: not Linux)")}.");
            Console.WriteLine();
            Table("pair", "direct", "handler", pairs, rounds, calls);

            var body = new byte[1024];
            var digest = new byte[32];
            using var kept = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var done = Task.FromResult(HttpStatusCode.OK);
            Func<Task<HttpStatusCode>> OneCall(byte[] bytes) => () =>
            {
                SHA256.HashData(bytes, digest);
                return done;
            };
            Func<Task<HttpStatusCode>> Kept(byte[] bytes) => () =>
            {
                kept.AppendData(bytes);
                kept.TryGetHashAndReset(digest, out _);
                return done;
            };
            Console.WriteLine();
            Table("SHA-256", "SHA256.HashData", "reused IncrementalHash", [("0 B", OneCall([]), Kept([])), ("1 KiB", OneCall(body), Kept(body))], rounds, calls);

            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant(
                $"From {started:yyyy-MM-dd HH:mm:ss} to {TimeProvider.System.GetUtcNow():HH:mm:ss} UTC, 1-minute load average {loadAtStart?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} at the start and {ChartRun.LoadAverage()?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} at the end."));
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static void Table(
        string what, string baseline, string candidate, (string Name, Func<Task<HttpStatusCode>> Baseline, Func<Task<HttpStatusCode>> Candidate)[] pairs, int rounds, int calls)
    {
        Console.WriteLine($"| {what} | {baseline}: CPU ns/call (median, min–max) | {candidate}: CPU ns/call (median, min–max) | ratio (median of rounds, min–max) | {baseline}: B/call | {candidate}: B/call |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, first, second) in pairs)
        {
            var a = new List<Sample>();
            var b = new List<Sample>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which runs first, so a drift of the machine's speed within a round favours neither.
                if (round % 2 == 0)
                {
                    a.Add(Measure(first, calls));
                    b.Add(Measure(second, calls));
                }
                else
                {
                    b.Add(Measure(second, calls));
                    a.Add(Measure(first, calls));
                }
            }

            var ratios = a.Zip(b, (x, y) => y.Nanoseconds / x.Nanoseconds).ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {Spread(a.Select(s => s.Nanoseconds))} | {Spread(b.Select(s => s.Nanoseconds))} | {Median(ratios):F3} ({ratios.Min():F3}–{ratios.Max():F3}) | {Median(a.Select(s => s.Bytes)):F0} | {Median(b.Select(s => s.Bytes)):F0} |"));
        }
    }

    private static Sample Measure(Func<Task<HttpStatusCode>> call, int calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ThreadCpuClock.Nanoseconds();
        for (var i = 0; i < calls; i++)
        {
            var task = call();
            if (!task.IsCompleted)
            {
                throw new InvalidOperationException("A call went asynchronous: its work would be timed on another thread's clock.");
            }

            task.GetAwaiter().GetResult();
        }

        var elapsed = ThreadCpuClock.Nanoseconds() - cpu;
        return new Sample((double)elapsed / calls, (double)(GC.GetAllocatedBytesForCurrentThread() - bytes) / calls);
    }

    private static string Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        return FormattableString.Invariant($"{Median(list):F0} ({list.Min():F0}–{list.Max():F0})");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private readonly record struct Sample(double Nanoseconds, double Bytes);
}
