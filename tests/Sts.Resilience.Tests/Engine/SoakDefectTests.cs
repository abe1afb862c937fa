using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;
using Sts.Resilience.Tests.Credentials;

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
        var local = new OffsetTimeProvider(sts) { Offset = TimeSpan.FromMinutes(4) }; // the application's clock, 4 min ahead
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

        // STS fails the refresh at +57:00 (inside the advisory window); the engine backs off to its idea of the
        // mandatory window, +63:00, three minutes past the session's real expiry.
        source.Failing = true;
        sts.Advance(TimeSpan.FromMinutes(57));
        await engine.GetCredentialsAsync();
        await WaitForRefreshAsync(engine);
        Assert.True(engine.Status.InBackoff, "precondition: the failed refresh put the engine in backoff");
        source.Failing = false; // STS answers again from here on

        // +60:30: the session has expired at STS; the service rejects it and the retry handler invalidates it.
        sts.Advance(TimeSpan.FromSeconds(210));
        Assert.Equal(first.AccessKey, (await engine.GetCredentialsAsync()).AccessKey);
        Assert.True(engine.Invalidate(first.AccessKey));

        var retried = await engine.GetCredentialsAsync();

        Assert.NotEqual(first.AccessKey, retried.AccessKey);
    }

    private static async Task WaitForRefreshAsync(RefreshEngine engine)
    {
        for (var i = 0; i < 1000 && engine.Status.LastError is null; i++)
        {
            await Task.Yield();
        }

        Assert.NotNull(engine.Status.LastError);
    }

    /// <summary>An STS that stamps its answers with its own clock (the Date header) and can fail.</summary>
    private sealed class ClockedSource(TimeProvider sts) : ICredentialSource
    {
        private int _calls;

        public volatile bool Failing;

        public string Description => "clocked STS";

        public ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref _calls);
            if (Failing)
            {
                throw FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError);
            }

            var now = sts.GetUtcNow();
            var key = "ASIA" + number.ToString("D16", System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.FromResult(new SourceCredentials(new ImmutableCredentials(key, "secret", "token"), now.AddHours(1), now));
        }

        public bool IsNonRecoverable(Exception exception) => false;
    }

    /// <summary>A clock that reads another plus an offset that can change at once; timers are the other's.</summary>
    private sealed class OffsetTimeProvider(TimeProvider inner) : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }
}
