using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks;

/// <summary>
/// Scenario 1, the hot path: reading valid cached credentials. RefreshingRoleCredentials and the AWS SDK's
/// AssumeRoleAWSCredentials are both primed with a real AssumeRole against LocalSts on 127.0.0.1 (1-hour sessions);
/// SessionAWSCredentials (fixed credentials, no expiry logic) is the floor. The target: 0 B on both paths and
/// within 3x of SessionAWSCredentials.GetCredentials().
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly SessionAWSCredentials _session = new("ASIAEXAMPLEEXAMPLE00", "secret", "token");
    private LocalSts _sts = null!;
    private RefreshingRoleCredentials _refreshing = null!;
    private AssumeRoleAWSCredentials _assumeRole = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sts = LocalSts.StartAsync().GetAwaiter().GetResult();
        var user = _sts.CreateUser("bench");
        var role = _sts.CreateRole("bench");
        _refreshing = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions { RoleArn = role.Arn, SourceCredentials = user.Credentials },
            SdkStsClients.Create(_sts, user.Credentials));
        _refreshing.GetCredentials();
        _assumeRole = SdkStsClients.CreateAssumeRoleAWSCredentials(_sts, user, role, TimeSpan.FromHours(1));
        _assumeRole.GetCredentials();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _refreshing.Dispose();
        _sts.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public ImmutableCredentials SessionAWSCredentials_GetCredentials() => _session.GetCredentials();

    [Benchmark]
    public ImmutableCredentials RefreshingRoleCredentials_GetCredentials() => _refreshing.GetCredentials();

    [Benchmark]
    public ImmutableCredentials AssumeRoleAWSCredentials_GetCredentials() => _assumeRole.GetCredentials();

    [Benchmark]
    public Task<ImmutableCredentials> SessionAWSCredentials_GetCredentialsAsync() => _session.GetCredentialsAsync();

    [Benchmark]
    public Task<ImmutableCredentials> RefreshingRoleCredentials_GetCredentialsAsync() => _refreshing.GetCredentialsAsync();

    [Benchmark]
    public Task<ImmutableCredentials> AssumeRoleAWSCredentials_GetCredentialsAsync() => _assumeRole.GetCredentialsAsync();
}
