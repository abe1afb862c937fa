using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using StsCredentials = Amazon.SecurityToken.Model.Credentials;
using Microsoft.Extensions.Time.Testing;

namespace Sts.Resilience.Testing.Tests;

/// <summary>Builds a started LocalSts with a fake clock set to the real time, a user and a role.</summary>
internal sealed class LocalStsFixture : IAsyncDisposable
{
    private LocalStsFixture(LocalSts sts, FakeTimeProvider time, LocalStsUser user, LocalStsRole role)
    {
        Sts = sts;
        Time = time;
        User = user;
        Role = role;
    }

    public LocalSts Sts { get; }

    public FakeTimeProvider Time { get; }

    public LocalStsUser User { get; }

    public LocalStsRole Role { get; }

    public static async Task<LocalStsFixture> StartAsync(Action<LocalStsOptions>? configure = null)
    {
        // The fake clock starts at the real time so that its Expiration values look real; the SDK still signs
        // with the wall clock, which the default SignatureClock (TimeProvider.System) judges.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var options = new LocalStsOptions { TimeProvider = time };
        configure?.Invoke(options);
        var sts = await LocalSts.StartAsync(options);
        return new LocalStsFixture(sts, time, sts.CreateUser("alice"), sts.CreateRole("app"));
    }

    public async Task<StsCredentials> AssumeRoleAsync(AWSCredentials? source = null, string? roleArn = null, int? durationSeconds = null)
    {
        using var client = Sts.CreateStsClient(source ?? User.Credentials);
        var response = await client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = roleArn ?? Role.Arn,
            RoleSessionName = "test-session",
            DurationSeconds = durationSeconds,
        });
        return response.Credentials;
    }

    public ValueTask DisposeAsync()
    {
        // A test that skewed the clock left the SDK a correction for this endpoint; the next LocalSts on this port must not inherit it.
        SdkClockCorrection.Forget(Sts.ServiceUrl);
        return Sts.DisposeAsync();
    }
}

internal static class CredentialsExtensions
{
    public static SessionAWSCredentials ToSdk(this StsCredentials credentials)
        => new(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
}
