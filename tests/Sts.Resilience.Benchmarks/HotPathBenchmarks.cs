using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.Benchmarks;

/// <summary>
/// Cached-credential reads: RefreshingRoleCredentials with fresh credentials against SessionAWSCredentials (the floor).
/// The target is within 3x of SessionAWSCredentials.GetCredentials().
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly SessionAWSCredentials _session = new("ASIAEXAMPLEEXAMPLE00", "secret", "token");
    private RefreshingRoleCredentials _refreshing = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/bench", BackgroundRefresh = false };
        _refreshing = RefreshingRoleCredentials.Create(options, new StaticSource());
        _refreshing.GetCredentials();
    }

    [GlobalCleanup]
    public void Cleanup() => _refreshing.Dispose();

    [Benchmark(Baseline = true)]
    public ImmutableCredentials SessionAWSCredentials_GetCredentials() => _session.GetCredentials();

    [Benchmark]
    public ImmutableCredentials RefreshingRoleCredentials_GetCredentials() => _refreshing.GetCredentials();

    [Benchmark]
    public Task<ImmutableCredentials> SessionAWSCredentials_GetCredentialsAsync() => _session.GetCredentialsAsync();

    [Benchmark]
    public Task<ImmutableCredentials> RefreshingRoleCredentials_GetCredentialsAsync() => _refreshing.GetCredentialsAsync();

    /// <summary>A source that hands out 12-hour credentials, so every measured call is a cache hit.</summary>
    private sealed class StaticSource : ICredentialSource
    {
        public string Description => "benchmark";

        public ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken) =>
            new(new SourceCredentials(new ImmutableCredentials("ASIABENCHBENCHBENCH0", "secret", "token"), TimeProvider.System.GetUtcNow().AddHours(12), null));

        public bool IsNonRecoverable(Exception exception) => false;
    }
}
