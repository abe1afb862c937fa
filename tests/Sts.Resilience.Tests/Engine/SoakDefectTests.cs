using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;
using Sts.Resilience.Tests.TestSupport;

namespace Sts.Resilience.Tests.Engine;

/// <summary>
/// Defects the soak (<c>Sts.Resilience.Demo --soak</c>, tests/Sts.Resilience.Demo.Tests/SoakTests) found in the engine,
/// reduced to one deterministic schedule each.
/// </summary>
public class SoakDefectTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Soak seed 1, at +19:44:45: the application's clock had been 4 minutes ahead of STS's when the session came (the
    /// engine measured that skew from STS's Date), then was corrected. The engine's idea of the session's expiry is now
    /// 4 minutes late, and so is the cap of its static-stability backoff (the mandatory window). STS fails once just
    /// before the mandatory window, then answers again; the backoff runs past the session's real expiry, S3 rejects the
    /// session, the retry handler invalidates it, and the engine keeps serving the rejected session until the backoff
    /// ends ("an active backoff still applies"): every call failed for minutes while STS would answer. Failed on the
    /// engine before the merge of engine3 (session 3); passes with it.
    /// </summary>
    [Fact]
    public async Task Invalidate_InBackoffAfterTheClockWasCorrected_RefreshesInsteadOfServingTheRejectedSession()
    {
        var sts = new FakeTimeProvider(Start); // STS's clock, the true time
        var local = new SteppedWallClock(sts) { Offset = TimeSpan.FromMinutes(4) }; // the application's clock, 4 min ahead
        var source = new ClockedSource(sts);
        using var engine = new RefreshEngine(source, new RefreshEngineOptions
        {
            Name = "soak",
            TimeProvider = local,
            BackgroundRefresh = false,
            Timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(600), BackgroundJitter = _ => TimeSpan.Zero },
        });

        var first = await engine.GetCredentialsAsync(); // expires at +60:00 by STS's clock; skew measured: -4 min
        local.Offset = TimeSpan.Zero; // NTP corrects the application's clock

        // STS fails the refresh at +57:00 (inside the advisory window); the engine of session 3 backed off to its idea
        // of the mandatory window, +63:00, three minutes past the session's real expiry (now: to +59:00).
        source.Failing = true;
        sts.Advance(TimeSpan.FromMinutes(57));
        await engine.GetCredentialsAsync();
        await WaitForRefreshAsync(engine);
        Assert.True(engine.Status.InBackoff, "precondition: the failed refresh put the engine in backoff");
        source.Failing = false; // STS answers again from here on

        // +60:30: the session has expired at STS. Since the engine times sessions by a monotonic deadline it knows that
        // and refreshes; before, it served the session, the service rejected it and the retry handler invalidated it:
        // then the next call must not get the rejected session either.
        sts.Advance(TimeSpan.FromSeconds(210));
        var served = await engine.GetCredentialsAsync();
        if (string.Equals(served.AccessKey, first.AccessKey, StringComparison.Ordinal))
        {
            Assert.True(engine.Invalidate(first.AccessKey));
            served = await engine.GetCredentialsAsync();
        }

        Assert.NotEqual(first.AccessKey, served.AccessKey);
    }

    /// <summary>
    /// Soak seed 3, at +39:16:00 (48-hour run, 4 failed calls on the engine of session 3): the session came at +38:16:00
    /// while the application's clock was 4 minutes ahead of STS's, and the clock was corrected 45 s later. STS then
    /// throttled the next three AssumeRole calls. The background refresh in the advisory window was throttled; the
    /// engine, still timing the session by the wall clock plus the skew it had measured, capped its backoff at a
    /// mandatory window 4 minutes late, so the next attempts came at and after the real expiry: S3 and DynamoDB
    /// rejected the session, and those calls failed until the third throttled call had passed. Replayed here in the
    /// soak's 15-second steps, with a caller each step: no caller may be served a session STS would reject. Failed
    /// before the engine timed sessions by a monotonic deadline (see <see cref="EngineClock"/>).
    /// </summary>
    [Fact]
    public async Task Seed3_ClockCorrectedThenStsThrottlesThreeCalls_NoCallerIsServedAnExpiredSession()
    {
        var sts = new FakeTimeProvider(Start);
        var local = new SteppedWallClock(sts) { Offset = TimeSpan.FromMinutes(4) };
        var source = new ClockedSource(sts);
        using var engine = new RefreshEngine(source, new RefreshEngineOptions
        {
            Name = "soak seed 3",
            TimeProvider = local,
            Timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(450), BackgroundJitter = _ => TimeSpan.FromSeconds(193) },
        });
        var step = TimeSpan.FromSeconds(15);

        await engine.GetCredentialsAsync(); // expires at +60:00 by STS's clock
        sts.Advance(TimeSpan.FromSeconds(45));
        local.Offset = TimeSpan.Zero; // the clock is corrected
        sts.Advance(TimeSpan.FromMinutes(18) - TimeSpan.FromSeconds(45));
        source.ThrottleNext(3);

        var served = new List<string>();
        while (sts.GetUtcNow() < Start + TimeSpan.FromMinutes(62))
        {
            sts.Advance(step);
            var key = (await engine.GetCredentialsAsync()).AccessKey;
            if (source.IsExpiredAtSts(key))
            {
                served.Add(FormattableString.Invariant($"+{(sts.GetUtcNow() - Start).TotalMinutes:0.00} min {key}"));
            }
        }

        Assert.True(source.Calls >= 5, $"precondition: STS was asked through its throttling ({source.Calls} calls)");
        Assert.Empty(served);
    }

    private static async Task WaitForRefreshAsync(RefreshEngine engine)
    {
        for (var i = 0; i < 1000 && engine.Status.LastError is null; i++)
        {
            await Task.Yield();
        }

        Assert.NotNull(engine.Status.LastError);
    }
}
