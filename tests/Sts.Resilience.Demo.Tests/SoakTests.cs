namespace Sts.Resilience.Demo.Tests;

/// <summary>
/// The soak (<c>--soak</c>) in short: four hours of one-hour sessions with a fixed seed, whose plan has every kind of
/// fault but the clock jumps (they meet the engine defect below, which depends on the engine's random backoff).
/// Stepped, so the counts are exact whatever the machine's load.
/// </summary>
[Collection(DemoRuns.Name)]
public sealed class SoakTests
{
    private const int Seed = 10;
    private static readonly TimeSpan Span = TimeSpan.FromHours(4);

    [Fact]
    public async Task RunAsync_Soak_NoCallFailsThroughTheSeededFaults()
    {
        using var output = new StringWriter();
        var options = DemoOptions.Parse(["--soak", "4", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--plain"], out var error, out _)!;
        Assert.Null(error);
        var plan = SoakPlan.Create(Seed, Span);

        var summary = await DemoRunner.RunAsync(options, output);

        var text = output.ToString();
        Assert.True(summary.RequestsFailed == 0, text);
        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(Span, summary.Simulated);

        // The plan: 8 faults in the first three hours, none in the last; every one injected and handled.
        Assert.Equal(8, plan.Count);
        Assert.Equal(
            [SoakFaultKind.Suspend, SoakFaultKind.ServiceConnectionReset, SoakFaultKind.Revocation, SoakFaultKind.StsThrottling, SoakFaultKind.StsOutage, SoakFaultKind.StsConnectionReset, SoakFaultKind.StsThrottling, SoakFaultKind.Suspend],
            plan.Select(f => f.Kind));
        Assert.Equal(plan.Select(f => f.Describe()), summary.Faults.Select(f => f.Name));
        Assert.All(summary.Faults, f => Assert.True(f.Reached && f.Handled, f.Name + ": " + f.Outcome));

        // One round (an S3 and a DynamoDB call) per worker at the start and after every 15-second step; a suspend's
        // minutes pass inside a step, with no round.
        var suspended = plan.Where(f => f.Kind == SoakFaultKind.Suspend).Aggregate(TimeSpan.Zero, (sum, f) => sum + f.Amount);
        var steps = (long)((Span - suspended) / TimeSpan.FromSeconds(15));
        Assert.Equal((steps + 1) * options.Workers * 2, summary.RequestsOk);
        Assert.Equal(2, options.Workers);

        // STS: a session per hour, one extra for the revocation; the throttled and reset refreshes on top (the outage's
        // 503s only if a refresh fell inside it). Every hour asked STS at least once.
        var soak = summary.Soak!;
        Assert.Equal(Seed, soak.Seed);
        Assert.Equal(4, soak.StsCallsByHour.Count);
        Assert.All(soak.StsCallsByHour, calls => Assert.True(calls >= 1, text));
        Assert.Equal(summary.AssumeRoleOutcomes.Values.Sum(), soak.StsCallsByHour.Sum());
        Assert.Equal(1, summary.AssumeRoleOutcomes.GetValueOrDefault("ConnectionReset"));
        Assert.Equal(3, summary.AssumeRoleOutcomes.GetValueOrDefault("Throttling"));
        Assert.True(summary.SessionsIssued >= 5, text);
        Assert.True(summary.RecoveredRetries >= 1, text); // the revocation's rejected calls, retried by the handler

        // Memory: one sample every ten minutes of session time (a suspend skips some), the heap measured after a full GC.
        Assert.InRange(soak.Memory.Count, 20, 25);
        Assert.All(soak.Memory, m => Assert.True(m.HeapBytes > 0 && m.WorkingSetBytes > 0));
        Assert.Contains("replay: --soak 4 --seed 10", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Seed 1 over 48 hours failed 28 calls at +19:44:45 in one run and 48 at +22:55:00 in another (the engine's backoff
    /// is random, so the moment moves): after the application's clock was corrected by 4 minutes, a refresh failed just
    /// before the mandatory window and the engine kept serving the session past its expiry, even after the retry handler
    /// invalidated it, until its backoff ended. Reduced to a deterministic engine test:
    /// <c>SoakDefectTests.Invalidate_InBackoffAfterTheClockWasCorrected_RefreshesInsteadOfServingTheRejectedSession</c>.
    /// </summary>
    [Fact(Skip = "24 hours of session time, about a minute: too long for every CI run. Failed before engine3 (Invalidate did not end an active backoff); run by hand.")]
    public async Task RunAsync_SoakSeed1_NoCallFailsAfterTheClockIsCorrected()
    {
        using var output = new StringWriter();
        var options = DemoOptions.Parse(["--soak", "24", "--seed", "1", "--plain"], out _, out _)!;

        var summary = await DemoRunner.RunAsync(options, output);

        Assert.True(summary.RequestsFailed == 0, output.ToString());
    }
}
