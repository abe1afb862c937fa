using Amazon.Runtime;
using BenchmarkDotNet.Attributes;

namespace Sts.Resilience.Benchmarks;

/// <summary>The AWS SDK's own cached-credential read: the floor every hot-path comparison is measured against.</summary>
[MemoryDiagnoser]
public class SdkCredentialsBaseline
{
    private readonly SessionAWSCredentials _session = new("ASIAEXAMPLEEXAMPLE00", "secret", "token");

    [Benchmark(Baseline = true)]
    public ImmutableCredentials SessionAWSCredentials_GetCredentials() => _session.GetCredentials();

    [Benchmark]
    public Task<ImmutableCredentials> SessionAWSCredentials_GetCredentialsAsync() => _session.GetCredentialsAsync();
}
