namespace Sts.Resilience.Demo.Tests;

/// <summary>
/// Runs the demo in-process in a shortened mode (the same three hours of session time, compressed into seconds)
/// and asserts its summary. One class, so the runs do not overlap: each one counts the library's process-wide metrics.
/// </summary>
public sealed class DemoRunTests
{
    [Fact]
    public async Task RunAsync_Resilient_NoRequestFailsAcrossThreeLifetimesAndEveryFaultIsHandled()
    {
        using var output = new StringWriter();
        var options = new DemoOptions { Duration = TimeSpan.FromSeconds(20), Workers = 3, Live = false };

        var summary = await DemoRunner.RunAsync(options, output);

        var text = output.ToString();
        Assert.True(summary.RequestsFailed == 0, text);
        Assert.Equal(0, summary.ExitCode);
        Assert.True(summary.RequestsOk > 100, text);
        Assert.True(summary.Lifetimes >= 3, text);
        Assert.True(summary.SessionsIssued >= 5, text); // initial, after the revocation, then one per lifetime
        Assert.Equal(4, summary.ThrottledResponses);

        var revocation = Assert.Single(summary.Faults, f => f.Name == "early session revocation");
        Assert.True(revocation.Handled, revocation.Outcome);
        Assert.True(summary.ExpiredTokenRejections >= 1, text);
        Assert.True(summary.RecoveredRetries >= 1, text);
        Assert.True(summary.Refreshes.GetValueOrDefault("invalidated/success") == 1, text);

        var outage = Assert.Single(summary.Faults, f => f.Name == "STS outage");
        Assert.True(outage.Handled, outage.Outcome);
        Assert.True(summary.AssumeRoleOutcomes.GetValueOrDefault("ServiceUnavailable") >= 1, text);
        var throttling = Assert.Single(summary.Faults, f => f.Name == "STS throttling");
        Assert.True(throttling.Handled, throttling.Outcome);
        Assert.Equal(1, summary.AssumeRoleOutcomes.GetValueOrDefault("Throttling"));
        Assert.All(summary.Faults, f => Assert.True(f.Handled, f.Name + ": " + f.Outcome));

        Assert.Contains("Summary", text, StringComparison.Ordinal);
        Assert.Contains("PASS:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Naive_FailsWithExpiredTokenOnlyAfterTheFirstLifetime()
    {
        using var output = new StringWriter();
        var options = new DemoOptions { Mode = DemoMode.Naive, Duration = TimeSpan.FromSeconds(10), SimulatedSpan = TimeSpan.FromHours(2), Workers = 2, Live = false };

        var summary = await DemoRunner.RunAsync(options, output);

        var text = output.ToString();
        Assert.Equal(1, summary.ExitCode);
        Assert.True(summary.RequestsOk > 0, text);
        Assert.True(summary.RequestsFailed > 0, text);
        Assert.Equal(["ExpiredToken", "ExpiredTokenException"], summary.FailuresByCode.Keys.Order(StringComparer.Ordinal));
        Assert.True(summary.FirstFailureAt >= TimeSpan.FromHours(1), text);
        Assert.Equal(1, summary.SessionsIssued);
        Assert.Contains("EXPECTED FAILURE (naive mode)", text, StringComparison.Ordinal);
    }
}
