using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.Engine;

/// <summary>Issue 13: the defects the schedule tests (<c>RefreshEngineScheduleTests</c>) found, as fixed examples.</summary>
public class ScheduleDefectTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Refresh_ClockJumpsPastTheSessionDuringTheCall_AsksAgainInsteadOfServingTheExpiredSession()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var credentials = CreateSut(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time, timings: null);
        var first = await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(50)); // inside the advisory window

        sts.Handler = _ =>
        {
            var answer = sts.Fresh(); // valid for an hour when STS gives it...
            sts.Handler = null;
            time.Advance(TimeSpan.FromHours(2)); // ...but the process is suspended before the answer arrives
            return Task.FromResult(answer);
        };
        await credentials.GetCredentialsAsync();
        var served = await credentials.GetCredentialsAsync();

        Assert.NotEqual(first.AccessKey, served.AccessKey);
        Assert.True(credentials.Status.Expiration > time.GetUtcNow(), $"served a session that expires at {credentials.Status.Expiration:o}, now {time.GetUtcNow():o}");
        Assert.Equal(3, sts.Calls); // the first, the one the jump outlived, and one more at once
    }

    [Fact]
    public async Task Refresh_StsAnswersStaleSessions_CountsAsAFailureWithFastBackoff()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time) { Lifetime = TimeSpan.FromSeconds(30) }; // already inside the 60-s mandatory window
        var timings = new RefreshTimings { FastBackoff = n => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, n - 1))), BackgroundJitter = _ => TimeSpan.Zero };
        using var credentials = CreateSut(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time, timings);

        var stale = await credentials.GetCredentialsAsync(); // kept: better than nothing for its last seconds
        Assert.Equal(1, sts.Calls);
        Assert.True(credentials.Status.InBackoff);
        Assert.NotNull(credentials.Status.LastError);
        Assert.Equal(stale.AccessKey, (await credentials.GetCredentialsAsync()).AccessKey); // in backoff: no STS call
        Assert.Equal(1, sts.Calls);

        var calls = new List<int>();
        for (var second = 1; second <= 16; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await credentials.GetCredentialsAsync();
            calls.Add(sts.Calls);
        }

        // 1 s, then 2, 4 and 8 s between attempts while STS keeps answering stale.
        Assert.Equal([2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5], calls);

        sts.Lifetime = TimeSpan.FromHours(1); // STS is well again
        time.Advance(TimeSpan.FromSeconds(16));
        await credentials.GetCredentialsAsync();
        Assert.False(credentials.Status.InBackoff);
        Assert.True(credentials.Status.Expiration > time.GetUtcNow() + TimeSpan.FromMinutes(59));
    }

    private static RefreshingRoleCredentials CreateSut(RefreshingRoleCredentialsOptions options, FakeSts sts, TimeProvider time, RefreshTimings? timings) =>
        new(options, source: null, sts, time, loggerFactory: null, timings);
}
