using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 7: a session is revoked (LocalSts rejects it as expired from then on) while the credentials still think it
/// valid for most of an hour. Time and extra HTTP calls from the revocation to the first successful S3 ListBuckets,
/// with the expired-token retry handler and without, for RefreshingRoleCredentials and the AWS SDK's
/// AssumeRoleAWSCredentials. Wall clock. Runs last: the handler's registration is process-wide and permanent.
/// </summary>
internal static class RecoveryScenario
{
    private const int MaxCalls = 50;

    public static async Task RunAsync()
    {
        Report.Heading("7. Expired-token recovery: a revoked session, S3 ListBuckets called until one succeeds");
        var rows = new List<string[]>();
        foreach (var handler in new[] { false, true })
        {
            if (handler)
            {
                ExpiredTokenRetry.RegisterFor([typeof(AmazonS3Client)]);
            }

            foreach (var sdk in new[] { false, true })
            {
                rows.Add(await RunAsync(sdk, handler));
            }
        }

        Report.Table(["credentials", "retry handler", "calls until one succeeded", "failed calls", "time to first success", "extra HTTP requests (rejected + AssumeRole)", "AssumeRole calls"], rows);
    }

    private static async Task<string[]> RunAsync(bool sdk, bool handler)
    {
        await using var harness = await Harness.StartAsync();
        AWSCredentials credentials = sdk
            ? harness.CreateAssumeRole(TimeSpan.FromHours(1))
            : harness.CreateRefreshing(TimeProvider.System, TimeSpan.FromHours(1));
        await credentials.GetCredentialsAsync();
        using var s3 = harness.Sts.CreateS3Client(credentials);
        await s3.ListBucketsAsync();
        var requestsBefore = harness.Sts.Requests.Count;
        var assumeRoleBefore = harness.AssumeRoleRequests;

        harness.Sts.RevokeAllSessions();
        var watch = Stopwatch.StartNew();
        var failed = 0;
        TimeSpan? firstSuccess = null;
        for (var i = 0; i < MaxCalls && firstSuccess is null; i++)
        {
            try
            {
                await s3.ListBucketsAsync();
                firstSuccess = watch.Elapsed;
            }
            catch (AmazonServiceException)
            {
                failed++;
            }
        }

        var requests = harness.Sts.Requests.Count - requestsBefore;
        var until = credentials is RefreshingRoleCredentials refreshing
            ? $"no success in {MaxCalls} calls; the next refresh is the advisory one, {Report.N((refreshing.Status.Expiration!.Value - refreshing.Status.AdvisoryWindow!.Value - TimeProvider.System.GetUtcNow()).TotalMinutes)} min away"
            : $"no success in {MaxCalls} calls; the SDK refreshes 15 min before expiry, about 45 min away";
        (credentials as IDisposable)?.Dispose();
        return
        [
            sdk ? "AssumeRoleAWSCredentials (AWS SDK)" : "RefreshingRoleCredentials",
            handler ? "yes" : "no",
            firstSuccess is null ? "none in " + MaxCalls : Report.N(failed + 1),
            Report.N(failed),
            firstSuccess is { } time ? Report.Ms(time) : until,
            Report.N(firstSuccess is null ? requests : requests - 1),
            Report.N(harness.AssumeRoleRequests - assumeRoleBefore),
        ];
    }
}
