using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;
using Sts.Resilience.Tests.TestSupport;

namespace Sts.Resilience.Tests.Engine;

/// <summary>
/// Issue 13, defect 8 ("one notion of now"): the engine times a session by a monotonic deadline taken from STS's answer
/// (the send time plus STS's Expiration minus STS's Date), so a wall-clock correction cannot move it; the wall clock can
/// only age a session sooner (a suspend the monotonic clock did not count). The clocks here diverge as a real machine's
/// do: <see cref="SteppedWallClock"/> steps the wall time while timestamps and timers keep running.
/// </summary>
public class EngineClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The session came while the application's clock was 4 minutes ahead of STS's, then NTP corrected it. At 59:30
    /// the session has 30 s left: inside the (1-minute) mandatory window, a caller must wait for the refresh. Failed
    /// before: the engine timed the session by the wall clock plus the old skew, thought 4.5 minutes were left and
    /// answered from the cache; it showed the expiry 4 minutes late and the old skew.
    /// </summary>
    [Fact]
    public async Task ClockCorrectedBack_CallInTheRealMandatoryWindow_WaitsForTheRefresh()
    {
        var sts = new FakeTimeProvider(Start);
        var local = new SteppedWallClock(sts) { Offset = TimeSpan.FromMinutes(4) };
        var source = new ClockedSource(sts);
        using var engine = CreateEngine(source, local, background: false);
        var first = await engine.GetCredentialsAsync();

        local.Offset = TimeSpan.Zero;

        Assert.Equal((Start + TimeSpan.FromHours(1)).UtcDateTime, engine.Expiration);
        Assert.Equal(TimeSpan.Zero, engine.Status.ClockSkew);

        sts.Advance(TimeSpan.FromSeconds(3570));
        Assert.Equal(TimeSpan.FromSeconds(30), engine.TimeToExpiry());
        var gate = source.Hold();
        var call = engine.GetCredentialsAsync();

        Assert.False(call.IsCompleted, "a call 30 s before expiry must wait for the refresh");
        gate.SetResult(true);
        Assert.NotEqual(first.AccessKey, (await call).AccessKey);
    }

    /// <summary>The mirror case: the clock was behind and is corrected forward; the engine does not wait past the real expiry.</summary>
    [Fact]
    public async Task ClockCorrectedForward_SessionIsNotServedPastItsRealExpiry()
    {
        var sts = new FakeTimeProvider(Start);
        var local = new SteppedWallClock(sts) { Offset = TimeSpan.FromMinutes(-4) };
        var source = new ClockedSource(sts);
        using var engine = CreateEngine(source, local, background: false);
        var first = await engine.GetCredentialsAsync();

        local.Offset = TimeSpan.Zero;
        sts.Advance(TimeSpan.FromMinutes(60));

        Assert.True(engine.Status.IsExpired);
        Assert.NotEqual(first.AccessKey, (await engine.GetCredentialsAsync()).AccessKey);
    }

    /// <summary>
    /// A suspend the monotonic clock does not count (Linux's and macOS's stop while the machine sleeps): the wall clock
    /// moves 61 minutes, timestamps do not. The session is expired all the same, and the next call refreshes.
    /// </summary>
    [Fact]
    public async Task WallClockRunsOnWhileMonotonicStops_SessionStillExpires()
    {
        var frozen = new FakeTimeProvider(Start);
        var local = new SteppedWallClock(frozen);
        var source = new ClockedSource(local); // STS's clock ran on too
        using var engine = CreateEngine(source, local, background: false);
        var first = await engine.GetCredentialsAsync();

        local.Offset = TimeSpan.FromMinutes(61);
        engine.CheckLateTimer(); // the watchdog's once-a-second look: the advisory timer counts monotonic time

        Assert.True(engine.Status.IsExpired);
        Assert.True(engine.TimeToExpiry() < TimeSpan.Zero);
        Assert.NotEqual(first.AccessKey, (await engine.GetCredentialsAsync()).AccessKey);
    }

    /// <summary>The engine's clock never goes back: a wall clock stepped back after a suspend does not give the session back its time.</summary>
    [Fact]
    public void EngineClock_WallSteppedBackAfterRunningAhead_NeverGoesBack()
    {
        var frozen = new FakeTimeProvider(Start);
        var local = new SteppedWallClock(frozen);
        var clock = new EngineClock(local);

        local.Offset = TimeSpan.FromMinutes(10);
        Assert.Equal(Start + TimeSpan.FromMinutes(10), clock.LocalNow());
        local.Offset = TimeSpan.FromMinutes(6);
        Assert.Equal(Start + TimeSpan.FromMinutes(10), clock.LocalNow());
        frozen.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Start + TimeSpan.FromMinutes(11), clock.LocalNow());
        Assert.Equal(Start + TimeSpan.FromMinutes(7), clock.ToWall(clock.LocalNow()));
    }

    private static RefreshEngine CreateEngine(ICredentialSource source, TimeProvider time, bool background) =>
        new(source, new RefreshEngineOptions
        {
            Name = "clock",
            TimeProvider = time,
            BackgroundRefresh = background,
            Timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(600), BackgroundJitter = _ => TimeSpan.Zero },
        });
}
