using Amazon.Runtime;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>A LocalSts with a user and a role, and credentials of both kinds pointed at it.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private Harness(LocalSts sts, LocalStsUser user, LocalStsRole role)
    {
        Sts = sts;
        User = user;
        Role = role;
    }

    public LocalSts Sts { get; }

    public LocalStsUser User { get; }

    public LocalStsRole Role { get; }

    public int AssumeRoleRequests => Sts.Counters.Count(Testing.LocalStsActions.AssumeRole);

    public static async Task<Harness> StartAsync(TimeProvider? sessionClock = null, TimeProvider? signatureClock = null)
    {
        var sts = await LocalSts.StartAsync(new LocalStsOptions
        {
            TimeProvider = sessionClock ?? TimeProvider.System,
            SignatureClock = signatureClock ?? TimeProvider.System,
        });
        return new Harness(sts, sts.CreateUser("bench"), sts.CreateRole("bench", o => o.MaxSessionDuration = TimeSpan.FromHours(12)));
    }

    public RefreshingRoleCredentials CreateRefreshing(TimeProvider time, TimeSpan duration, bool backgroundRefresh = true) =>
        new(
            new RefreshingRoleCredentialsOptions { RoleArn = Role.Arn, SourceCredentials = User.Credentials, Duration = duration, BackgroundRefresh = backgroundRefresh },
            SdkStsClients.Create(Sts, User.Credentials),
            time);

    public AssumeRoleAWSCredentials CreateAssumeRole(TimeSpan duration) => SdkStsClients.CreateAssumeRoleAWSCredentials(Sts, User, Role, duration);

    public ValueTask DisposeAsync() => Sts.DisposeAsync();
}
