namespace Sts.Resilience.Demo.Tests;

/// <summary>
/// Runs the demo in-process in a shortened mode (the same three hours of session time, compressed into seconds)
/// and asserts its summary. One class, so the runs do not overlap: each one counts the library's process-wide metrics.
/// </summary>
[Collection(DemoRuns.Name)]
public sealed class DemoRunTests
{
    [Fact]
    public async Task RunAsync_Resilient_NoRequestFailsAcrossThreeLifetimesAndEveryFaultIsHandled()
    {
        // Stepped: session time moves only when the workers, the fault schedule and the library have caught up, so a
        // loaded machine makes the run slower, never different (a real-time clock at 540x once moved a fault by 7 minutes).
        using var output = new StringWriter();
        var options = new DemoOptions { Stepped = true, Workers = 3, Live = false };

        var summary = await DemoRunner.RunAsync(options, output);

        var text = output.ToString();
        Assert.True(summary.RequestsFailed == 0, text);
        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(TimeSpan.FromHours(3), summary.Simulated);

        // One round (an S3 and a DynamoDB call) per worker at +0:00:00 and after each of the 720 15-second steps.
        Assert.Equal(721 * 3 * 2, summary.RequestsOk);
        Assert.Equal(4, summary.ThrottledResponses);

        // Every fault of the schedule was reached, at its moment, and handled.
        Assert.Equal(["S3 + DynamoDB throttling", "early session revocation", "STS outage", "STS throttling"], summary.Faults.Select(f => f.Name));
        Assert.All(summary.Faults, f => Assert.True(f.Reached && f.Handled, f.Name + ": " + f.Outcome));
        Assert.Equal(TimeSpan.FromMinutes(10), summary.Faults[0].At);
        Assert.Equal(TimeSpan.FromMinutes(20), summary.Faults[1].At);

        // Sessions: the first (+0:00), the revocation's replacement (+0:20), then one refresh in each session's advisory
        // window (about +1:11 after the outage's back-off, about +2:06 after the throttling's, about +2:52): five. The
        // back-offs and the jitter are random, but each lands before the next session's window, whatever the draw.
        Assert.True(summary.ExpiredTokenRejections >= 1, text);
        Assert.True(summary.RecoveredRetries >= 1, text);
        Assert.Equal(1, summary.Refreshes.GetValueOrDefault("invalidated/success"));
        Assert.Equal(5, summary.SessionsIssued);
        Assert.True(summary.AssumeRoleOutcomes.GetValueOrDefault("ServiceUnavailable") >= 1, text);
        Assert.Equal(1, summary.AssumeRoleOutcomes.GetValueOrDefault("Throttling"));

        Assert.Contains("Summary", text, StringComparison.Ordinal);
        Assert.Contains("PASS:", text, StringComparison.Ordinal);

        // The timeline: one line per hour, adding up to the summary's totals, the faults in the hours they happened.
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(2)], summary.Timeline.Select(h => h.From));
        Assert.Equal(TimeSpan.FromHours(3), summary.Timeline[^1].To);
        Assert.Equal(summary.RequestsOk, summary.Timeline.Sum(h => h.Calls));
        Assert.All(summary.Timeline, h => Assert.Equal(0, h.Failed));
        Assert.Equal(summary.Refreshes.Values.Sum(), summary.Timeline.Sum(h => h.Refreshes));
        Assert.All(summary.Timeline, h => Assert.True(h.Refreshes >= 1, text));
        Assert.Equal(summary.Faults.Count, summary.Timeline.Sum(h => h.Faults.Count));
        Assert.Equal(["S3 + DynamoDB throttling +0:10:00", "early session revocation +0:20:00"], summary.Timeline[0].Faults.Take(2));
        Assert.Contains("Timeline (one line per hour)", text, StringComparison.Ordinal);
        Assert.Contains("+2:00:00-3:00:00", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(DemoSource.WebIdentity), "AssumeRoleWithWebIdentity", "STS", "RefreshingWebIdentityCredentials")]
    [InlineData(nameof(DemoSource.Container), "GetContainerCredentials", "container endpoint", "RefreshingContainerCredentials")]
    [InlineData(nameof(DemoSource.Imds), "GetImdsCredentials", "IMDS", "RefreshingInstanceProfileCredentials")]
    public async Task RunAsync_EachSource_SameWorkloadAndFaultsWithTheSameExactCounts(string sourceName, string sessionAction, string service, string typeName)
    {
        // The same stepped run as the role's above, through another front: the outage and the throttling hit that
        // source's endpoint on LocalSts, the revocation its sessions.
        using var output = new StringWriter();
        var options = new DemoOptions { Source = Enum.Parse<DemoSource>(sourceName), Stepped = true, Workers = 3, Live = false };

        var summary = await DemoRunner.RunAsync(options, output);

        var text = output.ToString();
        Assert.True(summary.RequestsFailed == 0, text);
        Assert.True(summary.ExitCode == 0, text);
        Assert.Equal(TimeSpan.FromHours(3), summary.Simulated);
        Assert.True(summary.RequestsOk == 721 * 3 * 2, text);
        Assert.True(summary.ThrottledResponses == 4, text);
        Assert.Equal(sessionAction, summary.SessionAction);
        Assert.Contains($"resilient: {typeName} + retry handler", text, StringComparison.Ordinal);

        Assert.Equal(["S3 + DynamoDB throttling", "early session revocation", service + " outage", service + " throttling"], summary.Faults.Select(f => f.Name));
        Assert.All(summary.Faults, f => Assert.True(f.Reached && f.Handled, f.Name + ": " + f.Outcome));
        Assert.Equal(TimeSpan.FromMinutes(10), summary.Faults[0].At);
        Assert.Equal(TimeSpan.FromMinutes(20), summary.Faults[1].At);

        // The first session, the revocation's replacement, then one per advisory window after each fault's back-off:
        // five, as with AssumeRole; the two refreshes the outage and the throttling failed are the two advisory failures.
        // Either the workers' first call in the window or the background refresh starts that refresh: the stepped
        // clock fires each timer at its own due time inside a step, before the workers' round, so when a session
        // fetched by a timer (after a back-off, off the 15-second grid) opens its window within the step that also
        // passes its jittered background time (0–210 s later), the background refresh goes first. Both are the
        // advisory window's refresh. Counting only "advisory" failed when that happened: by that arithmetic (the window
        // opens 0–15 s before the step, the jitter spans 210 s) about one run in thirty per source.
        Assert.True(summary.ExpiredTokenRejections >= 1, text);
        Assert.True(summary.RecoveredRetries >= 1, text);
        Assert.True(summary.Refreshes.GetValueOrDefault("invalidated/success") == 1, text);
        Assert.True(summary.Refreshes.GetValueOrDefault("advisory/failure") + summary.Refreshes.GetValueOrDefault("background/failure") == 2, text);
        Assert.True(summary.Refreshes.GetValueOrDefault("advisory/failure") >= 1, text);
        Assert.True(summary.SessionsIssued == 5, text);
        Assert.Contains(sessionAction + " calls (LocalSts)", text, StringComparison.Ordinal);
        Assert.True(summary.RequestsOk == summary.Timeline.Sum(h => h.Calls), text);
        Assert.Contains("PASS:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RunEndsBeforeTheFaults_ReportsEachFaultNotReachedAndFails()
    {
        using var output = new StringWriter();
        var options = new DemoOptions { Stepped = true, SimulatedSpan = TimeSpan.FromMinutes(15), Workers = 1, Live = false };

        var summary = await DemoRunner.RunAsync(options, output);

        var text = output.ToString();
        Assert.Equal(0, summary.RequestsFailed);
        Assert.Equal(1, summary.ExitCode);
        Assert.True(summary.Faults[0] is { Reached: true, Handled: true }, text);
        Assert.Equal(["early session revocation", "STS outage", "STS throttling"], summary.FaultsNotReached.Select(f => f.Name));
        Assert.Contains("INCOMPLETE:", text, StringComparison.Ordinal);
        Assert.Contains("not reached", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Naive_FailsWithExpiredTokenOnlyAfterTheFirstLifetime()
    {
        using var output = new StringWriter();
        var options = new DemoOptions { Mode = DemoMode.Naive, Stepped = true, SimulatedSpan = TimeSpan.FromHours(2), Workers = 2, Live = false };

        var summary = await DemoRunner.RunAsync(options, output);

        var text = output.ToString();
        Assert.Equal(1, summary.ExitCode);
        Assert.True(summary.RequestsOk > 0, text);
        Assert.True(summary.RequestsFailed > 0, text);
        Assert.Equal(["ExpiredToken", "ExpiredTokenException"], summary.FailuresByCode.Keys.Order(StringComparer.Ordinal));
        Assert.True(summary.FirstFailureAt >= TimeSpan.FromHours(1), text);
        Assert.Equal(1, summary.SessionsIssued);
        Assert.Contains("EXPECTED FAILURE (naive mode)", text, StringComparison.Ordinal);

        // The timeline shows the same story: the first hour clean, every failure in the second.
        Assert.Equal(2, summary.Timeline.Count);
        Assert.Equal(0, summary.Timeline[0].Failed);
        Assert.Equal(summary.RequestsFailed, summary.Timeline[1].Failed);
        Assert.Equal(summary.RequestsOk + summary.RequestsFailed, summary.Timeline.Sum(h => h.Calls));
    }
}
