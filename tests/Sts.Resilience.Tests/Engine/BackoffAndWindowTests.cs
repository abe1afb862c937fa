using System.Net;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.Engine;

/// <summary>Issue 13, defects 1 and 2: backoff never outlives the session; a window as long as the session cannot loop.</summary>
public class BackoffAndWindowTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BackgroundRefresh_FailsWithShortSessions_RetriesAtTheMandatoryWindowNotPastExpiry()
    {
        // 15-minute sessions, 5-minute advisory window; the background refresh at 10 min fails and backs off 600 s.
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time) { Lifetime = TimeSpan.FromMinutes(15) };
        var timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(600), BackgroundJitter = _ => TimeSpan.Zero };
        using var credentials = CreateSut(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, Duration = TimeSpan.FromMinutes(15) }, sts, time, timings);
        var first = await credentials.GetCredentialsAsync();

        sts.Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError));
        time.Advance(TimeSpan.FromMinutes(10)); // background refresh fails
        Assert.Equal(2, sts.Calls);
        Assert.True(credentials.Status.BackoffUntil <= Start + TimeSpan.FromMinutes(14), $"backoff until {credentials.Status.BackoffUntil:o} outlives the mandatory window");

        sts.Handler = null; // STS is back
        time.Advance(TimeSpan.FromMinutes(4)); // the start of the mandatory window

        var now = time.GetUtcNow();
        var current = credentials.GetCredentials();
        Assert.NotEqual(first.AccessKey, current.AccessKey);
        Assert.True(credentials.Status.Expiration > now + TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task GetCredentials_StsDownAcrossExpiry_RetriesWithinSecondsAndRecoversSoonAfterStsReturns()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var credentials = CreateSut(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time, timings: null);
        var first = await credentials.GetCredentialsAsync();
        sts.Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError));
        time.Advance(TimeSpan.FromMinutes(61)); // expired

        Assert.Equal(first.AccessKey, (await credentials.GetCredentialsAsync()).AccessKey); // served, refresh failed
        Assert.Equal(2, sts.Calls);
        Assert.True(credentials.Status.BackoffUntil <= time.GetUtcNow() + TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(1));
        await credentials.GetCredentialsAsync();
        Assert.Equal(3, sts.Calls); // a second attempt a second later, not minutes later

        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await credentials.GetCredentialsAsync();
        }

        var attemptsInFiveMinutes = sts.Calls - 3;
        Assert.InRange(attemptsInFiveMinutes, 8, 10); // the backoff grows to about 30 s, and no further

        sts.Handler = null; // STS is back
        var back = time.GetUtcNow();
        string key;
        do
        {
            time.Advance(TimeSpan.FromSeconds(1));
            key = (await credentials.GetCredentialsAsync()).AccessKey;
        }
        while (key == first.AccessKey && time.GetUtcNow() - back < TimeSpan.FromMinutes(5));

        Assert.NotEqual(first.AccessKey, key);
        Assert.True(time.GetUtcNow() - back <= TimeSpan.FromSeconds(31), $"recovered {time.GetUtcNow() - back} after STS returned");
    }

    /// <summary>
    /// Scenario 9 of docs/benchmarks.md: with callers every second, recovery waited for the fast backoff, grown to up to
    /// 30 s (0.5–16.9 s measured). A caller that finds the session expired may now try 1–2 s after the last failure.
    /// </summary>
    [Fact]
    public async Task GetCredentials_CallersEverySecondWhileStsIsDownPastExpiry_RecoverWithinTwoSecondsOfItsReturn()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        var timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(600), FastBackoff = _ => TimeSpan.FromSeconds(30) };
        using var credentials = CreateSut(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time, timings);
        var first = await credentials.GetCredentialsAsync();
        sts.Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError));
        time.Advance(TimeSpan.FromMinutes(61)); // expired

        for (var second = 0; second < 100; second++)
        {
            Assert.Equal(first.AccessKey, (await credentials.GetCredentialsAsync()).AccessKey);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(sts.Calls - 1, 34, 100); // one attempt per 1–2 s of demand, one flight at a time

        sts.Handler = null; // STS is back
        var back = time.GetUtcNow();
        string key;
        do
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            key = (await credentials.GetCredentialsAsync()).AccessKey;
        }
        while (key == first.AccessKey && time.GetUtcNow() - back < TimeSpan.FromMinutes(1));

        Assert.True(time.GetUtcNow() - back <= TimeSpan.FromSeconds(2), $"recovered {time.GetUtcNow() - back} after STS returned");
    }

    [Fact]
    public async Task Invalidate_AfterExpiryWhileStsIsDown_NextAttemptWithinSeconds()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        var timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(600) };
        using var credentials = CreateSut(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time, timings);
        var first = await credentials.GetCredentialsAsync();
        sts.Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError));
        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(30)); // inside the mandatory window
        await credentials.GetCredentialsAsync(); // fails
        sts.Handler = null;
        time.Advance(TimeSpan.FromSeconds(60)); // expired now; a service rejects the key

        credentials.Invalidate(first.AccessKey);
        var key = (await credentials.GetCredentialsAsync()).AccessKey;

        Assert.NotEqual(first.AccessKey, key);
    }

    [Fact]
    public async Task AdvisoryWindow_AsLongAsTheSessionsStsIssues_IsHalvedAndDoesNotLoop()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time) { Lifetime = TimeSpan.FromMinutes(15) }; // STS clamps the session (a role chain, a role maximum)
        using var credentials = CreateSut(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, AdvisoryWindow = TimeSpan.FromMinutes(20) }, sts, time, timings: null);

        // A loop is cut short after 50 calls (an error backs off for minutes), so a regression fails instead of hanging.
        sts.Handler = _ => sts.Calls > 50
            ? Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "enough", HttpStatusCode.InternalServerError))
            : Task.FromResult(sts.Fresh());

        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, sts.Calls);
        Assert.Equal(TimeSpan.FromMinutes(7.5), credentials.Status.AdvisoryWindow);

        time.Advance(TimeSpan.FromMinutes(30));
        Assert.InRange(sts.Calls, 2, 5); // a refresh every 7.5–11 minutes, not a loop
    }

    [Fact]
    public void Validate_AdvisoryWindowAsLongAsDuration_IsAnError()
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, Duration = TimeSpan.FromHours(1), AdvisoryWindow = TimeSpan.FromHours(1) };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("AdvisoryWindow (01:00:00) must be shorter than Duration (01:00:00)", ex.Message, StringComparison.Ordinal);
    }

    private static RefreshingRoleCredentials CreateSut(RefreshingRoleCredentialsOptions options, FakeSts sts, TimeProvider time, RefreshTimings? timings) =>
        new(options, source: null, sts, time, loggerFactory: null, timings);
}
