using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Sts.Resilience.Tests.Engine;

/// <summary>These tests change the thread pool's minimum (process-wide), so nothing else runs beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolMinimumTests
{
    public const string Name = "Thread pool minimum";
}

/// <summary>
/// Issue 13, defect 4: many synchronous callers on pool threads blocking on the one refresh, with the pool's minimum at 2
/// and STS answering over a real socket. STS is LocalSts in a child process (the demo's <c>serve</c> command): in this
/// process its server side would need the same starved pool threads, which would test LocalSts, not the engine.
/// </summary>
[Collection(ThreadPoolMinimumTests.Name)]
public sealed class SyncCallerStarvationTests(ITestOutputHelper output)
{
    private const int Callers = 200;

    /// <summary>
    /// How many threads the pool may add while the callers run. The old engine queued the refresh to the pool and blocked
    /// every caller on it, so the refresh (and the SDK's continuations) waited for thread injection: on net10 the pool
    /// grew by about one thread per blocked caller (5 to 204 threads, 181 s, with LocalSts in process). With the
    /// synchronous fetch the first caller that must wait fetches on its own thread and the rest wait for it; the pool
    /// may still add a few threads for the blocked waiters, far fewer than the callers.
    /// </summary>
    private const int MaxAddedThreads = 40;

#if STS_LIBRARY_NETSTANDARD
    [Fact(Skip = "The netstandard2.0 build has no synchronous fetch (its HttpClient has no synchronous send, and AWSSDK.Core's netstandard2.0 sync pipeline blocks on SendAsync), so a sync caller still waits for a refresh that needs pool threads; see docs/architecture.md.")]
#else
    [Fact]
#endif
    public void GetCredentials_200SyncCallersOnAStarvedPool_OneRefreshOnTheCallersThread_AllGetTheNewSession()
    {
        using var sts = ServeProcess.Start();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = sts.RoleArn,
                RoleSessionName = "starve",
                ServiceUrl = sts.ServiceUrl,
                SourceCredentials = new BasicAWSCredentials(sts.AccessKeyId, sts.SecretAccessKey),
                BackgroundRefresh = false,
            },
            timeProvider: time);
        var first = credentials.GetCredentials();
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)); // expired: every caller has to wait for the refresh

        ThreadPool.GetMinThreads(out var workers, out var io);
        var results = new ImmutableCredentials?[Callers];
        var errors = new Exception?[Callers];
        using var done = new CountdownEvent(Callers);
        int threadsBefore;
        int threadsAfter;
        bool finished;
        var clock = Stopwatch.StartNew();
        ThreadPool.SetMinThreads(2, 2);
        try
        {
            threadsBefore = ThreadPool.ThreadCount;
            for (var i = 0; i < Callers; i++)
            {
                var index = i;
                ThreadPool.UnsafeQueueUserWorkItem(
                    _ =>
                    {
                        try
                        {
                            results[index] = credentials.GetCredentials();
                        }
                        catch (Exception ex)
                        {
                            errors[index] = ex;
                        }
                        finally
                        {
                            done.Signal();
                        }
                    },
                    null);
            }

            // A hang guard only, never a timing assertion: the old engine took minutes here.
            finished = done.Wait(TimeSpan.FromMinutes(10));
            threadsAfter = ThreadPool.ThreadCount;
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }

        output.WriteLine($"{Callers} callers done in {clock.Elapsed.TotalMilliseconds:0} ms; pool threads {threadsBefore} -> {threadsAfter}");
        Assert.True(finished, $"the callers did not finish within 10 minutes; pool threads {threadsBefore} -> {ThreadPool.ThreadCount}");
        Assert.All(errors, e => Assert.Null(e));
        var keys = results.Select(r => r!.AccessKey).Distinct().ToList();
        var key = Assert.Single(keys); // one refresh, shared by every caller
        Assert.NotEqual(first.AccessKey, key);
        Assert.True(
            threadsAfter - threadsBefore <= MaxAddedThreads,
            $"the refresh waited for thread injection: the pool grew from {threadsBefore} to {threadsAfter} threads");
    }

    /// <summary>LocalSts in a child process: <c>dotnet Sts.Resilience.Demo.dll serve --json</c>, killed on dispose.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;

        private ServeProcess(Process process, JsonElement info)
        {
            _process = process;
            ServiceUrl = info.GetProperty("serviceUrl").GetString()!;
            AccessKeyId = info.GetProperty("accessKeyId").GetString()!;
            SecretAccessKey = info.GetProperty("secretAccessKey").GetString()!;
            RoleArn = info.GetProperty("roleArn").GetString()!;
        }

        public string ServiceUrl { get; }

        public string AccessKeyId { get; }

        public string SecretAccessKey { get; }

        public string RoleArn { get; }

        public static ServeProcess Start()
        {
            // The test projects reference the demo (not its assembly) and record where its build output is.
            var demo = typeof(SyncCallerStarvationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "LocalStsServeHost").Value!;
            Assert.True(File.Exists(demo), $"The demo is not built at {demo}.");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
            foreach (var arg in new[] { demo, "serve", "--json" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            try
            {
                var line = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)).GetAwaiter().GetResult();
                using var document = JsonDocument.Parse(line ?? throw new InvalidOperationException("serve exited without a line."));
                return new ServeProcess(process, document.RootElement.Clone());
            }
            catch
            {
                Stop(process);
                throw;
            }
        }

        public void Dispose() => Stop(_process);

        private static void Stop(Process process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
