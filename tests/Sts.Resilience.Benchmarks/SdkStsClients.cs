using System.Reflection;
using Amazon;
using Amazon.Runtime;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks;

/// <summary>
/// STS clients pointed at LocalSts, for RefreshingRoleCredentials and for the AWS SDK's AssumeRoleAWSCredentials.
/// AssumeRoleAWSCredentials builds its STS client itself; AWSSDK.Core asks <see cref="GlobalRuntimeDependencyRegistry"/>
/// first, so registering a factory there gives it a client with LocalSts's ServiceURL and it never reaches AWS.
/// </summary>
internal static class SdkStsClients
{
    private static Func<AmazonSecurityTokenServiceClient>? s_factory;

    static SdkStsClients()
    {
        GlobalRuntimeDependencyRegistry.Instance.RegisterSecurityTokenServiceClient(_ =>
            (s_factory ?? throw new InvalidOperationException("No LocalSts STS client is configured for AssumeRoleAWSCredentials.")).Invoke());
    }

    /// <summary>
    /// A client for LocalSts. Clock-skew correction is off: LocalSts's Date header carries the session clock, which the
    /// scenarios move away from the wall clock, and AWSSDK.Core 4.1 would otherwise sign with it.
    /// </summary>
    public static AmazonSecurityTokenServiceClient Create(LocalSts sts, AWSCredentials credentials, int? maxErrorRetry = null)
    {
        var config = sts.CreateStsConfig();
        config.DisableClockSkewCorrection = true;
        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    /// <summary>An AssumeRoleAWSCredentials whose refreshes go to <paramref name="sts"/> (one client for all its refreshes).</summary>
    public static AssumeRoleAWSCredentials CreateAssumeRoleAWSCredentials(LocalSts sts, LocalStsUser user, LocalStsRole role, TimeSpan duration)
    {
        var client = Create(sts, user.Credentials);
        s_factory = () => client;
        return new AssumeRoleAWSCredentials(user.Credentials, role.Arn, "sdk-bench", new AssumeRoleAWSCredentialsOptions { DurationSeconds = (int)duration.TotalSeconds });
    }

    /// <summary>
    /// Points the AWS SDK's own clock (<c>AWSConfigs.utcNowSource</c>, internal; the SDK's tests set it the same way)
    /// at <paramref name="time"/>, so RefreshingAWSCredentials judges expiry on a fake clock. Returns <see langword="null"/>
    /// when this SDK version has no such field.
    /// </summary>
    public static IDisposable? UseSdkClock(TimeProvider time)
    {
        var field = typeof(AWSConfigs).GetField("utcNowSource", BindingFlags.Static | BindingFlags.NonPublic);
        if (field is null || field.FieldType != typeof(Func<DateTime>))
        {
            return null;
        }

        var previous = field.GetValue(null);
        field.SetValue(null, (Func<DateTime>)(() => time.GetUtcNow().UtcDateTime));
        return new Restore(() => field.SetValue(null, previous));
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
