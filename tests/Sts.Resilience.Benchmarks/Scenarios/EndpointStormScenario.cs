using System.Globalization;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Scenario 11a, scenario 3 for the container endpoint and instance metadata: 1,000 concurrent callers arrive at expiry
/// while the endpoint answers 500 to everything. LocalSts runs on the wall clock. Ours expires on its own
/// FakeTimeProvider (advanced past expiry); the SDK's providers have no clock per instance, so their expiry is emulated
/// with <c>ClearCredentials()</c>, as in scenario 3.
/// </summary>
internal static class EndpointStormScenario
{
    public static async Task RunAsync()
    {
        Report.Heading("11a. Endpoint failing (500): 1,000 concurrent callers at expiry, container endpoint and instance metadata");
        var rows = new List<string[]>();
        foreach (var imds in new[] { false, true })
        {
            foreach (var sdk in new[] { false, true })
            {
                await using var sts = await LocalSts.StartAsync();
                var setup = EndpointSetup.Create(sts, imds, TimeSpan.FromHours(1), TimeSpan.FromMinutes(15));
                var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
                AWSCredentials credentials = sdk ? setup.CreateSdk() : setup.CreateOurs(time, backgroundRefresh: false);
                await credentials.GetCredentialsAsync();
                var before = setup.Requests;
                sts.Faults.StartOutage(TimeSpan.FromHours(1), LocalStsFault.InternalFailure, setup.Service);
                if (!Expire(credentials, time))
                {
                    rows.Add([setup.Kind, setup.SdkName, "not measured: not a RefreshingAWSCredentials, no ClearCredentials()", "", "", "", "", ""]);
                    continue;
                }

                var result = await StormScenarios.StormAsync(credentials);
                var during = setup.Requests - before;
                await StormScenarios.StormAsync(credentials);
                var afterwards = setup.Requests - before - during;
                rows.Add(
                [
                    setup.Kind,
                    sdk ? setup.SdkName : setup.OursName,
                    during.ToString(CultureInfo.InvariantCulture),
                    Report.Ms(Report.Percentile(result.Waits, 50)),
                    Report.Ms(Report.Percentile(result.Waits, 99)),
                    Report.Ms(result.Waits[^1]),
                    result.Failed.ToString(CultureInfo.InvariantCulture),
                    afterwards.ToString(CultureInfo.InvariantCulture),
                ]);
                (credentials as IDisposable)?.Dispose();
            }
        }

        Report.Table(["endpoint", "credentials", "endpoint HTTP requests", "caller wait p50", "p99", "max", "callers failed", "HTTP requests from a second wave of 1,000 right after"], rows);
    }

    private static bool Expire(AWSCredentials credentials, FakeTimeProvider time)
    {
        switch (credentials)
        {
            case RefreshingCredentials:
                time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
                return true;
            case RefreshingAWSCredentials sdk:
                sdk.ClearCredentials();
                return true;
            default:
                return false;
        }
    }
}
