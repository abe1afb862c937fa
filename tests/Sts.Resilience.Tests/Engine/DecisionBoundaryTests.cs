using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.Engine;

/// <summary>
/// The caller's decisions (RefreshEngine.Decisions.cs) where the tests before them could not tell two answers apart:
/// written for mutants dotnet-stryker left alive on 2026-12-02 (docs/reliability.md). STS answers only when the test
/// says so, so "waits for the refresh" and "answers from the cache" differ.
/// </summary>
public class DecisionBoundaryTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetCredentialsAsync_MinimumValidityLongerThanTheSessionHasLeft_WaitsForTheNewSession()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var credentials = CreateSut(sts, time);
        var first = await credentials.GetCredentialsAsync();
        var answer = new TaskCompletionSource<AssumeRoleResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        sts.Handler = _ => answer.Task;
        time.Advance(TimeSpan.FromMinutes(10)); // 50 minutes left, before the advisory window

        var call = credentials.GetCredentialsAsync(TimeSpan.FromMinutes(55));

        Assert.False(call.IsCompleted, "a session with 50 minutes left was handed to a caller that asked for 55");
        answer.SetResult(sts.Fresh());
        var fresh = await call;
        Assert.NotEqual(first.AccessKey, fresh.AccessKey);
        Assert.Equal(2, sts.Calls);
    }

    [Fact]
    public async Task GetCredentialsAsync_InTheAdvisoryWindow_AnswersFromTheCacheWithoutWaitingForStsAndRefreshes()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var credentials = CreateSut(sts, time);
        var first = await credentials.GetCredentialsAsync();
        var answer = new TaskCompletionSource<AssumeRoleResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        sts.Handler = _ => answer.Task;
        time.Advance(TimeSpan.FromMinutes(45)); // exactly the start of the 15-minute advisory window

        var call = credentials.GetCredentialsAsync();

        Assert.True(call.IsCompleted, "a caller in the advisory window waited for STS");
        Assert.Equal(first.AccessKey, (await call).AccessKey);
        Assert.Equal(2, sts.Calls); // the advisory refresh started at the window's first instant
        answer.SetResult(sts.Fresh());
    }

    [Fact]
    public async Task GetCredentialsAsync_AtTheMandatoryWindow_WaitsForTheNewSession()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var credentials = CreateSut(sts, time);
        var first = await credentials.GetCredentialsAsync();
        var answer = new TaskCompletionSource<AssumeRoleResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        sts.Handler = _ => answer.Task;
        time.Advance(TimeSpan.FromMinutes(59)); // exactly one minute left: the mandatory window's first instant

        var call = credentials.GetCredentialsAsync();

        Assert.False(call.IsCompleted, "a caller at the mandatory window got the old session without waiting");
        answer.SetResult(sts.Fresh());
        Assert.NotEqual(first.AccessKey, (await call).AccessKey);
    }

    [Fact]
    public async Task GetCredentialsAsync_MinimumValidityAndTheRefreshFails_ThrowsSayingTheRefreshFailed()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var credentials = CreateSut(sts, time);
        await credentials.GetCredentialsAsync();
        sts.Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError));
        time.Advance(TimeSpan.FromMinutes(10)); // 50 minutes left

        var error = await Assert.ThrowsAsync<AmazonClientException>(() => credentials.GetCredentialsAsync(TimeSpan.FromMinutes(55)));

        Assert.Contains("valid for at least 00:55:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("the refresh failed: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, sts.Calls);
    }

    [Fact]
    public async Task GetCredentialsAsync_MinimumValidityWhileBackingOff_ThrowsSayingNoFresherCredentials()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var credentials = CreateSut(sts, time);
        await credentials.GetCredentialsAsync();
        sts.Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError));
        time.Advance(TimeSpan.FromMinutes(46)); // in the advisory window: the refresh fails and backs off
        await credentials.GetCredentialsAsync();
        Assert.Equal(2, sts.Calls);

        var error = await Assert.ThrowsAsync<AmazonClientException>(() => credentials.GetCredentialsAsync(TimeSpan.FromMinutes(20)));

        Assert.Contains("no fresher credentials can be had now", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, sts.Calls); // backing off: STS is not asked again
    }

    [Fact]
    public async Task GetCredentialsAsync_AfterDispose_ThrowsEvenWithAFreshSessionCached()
    {
        var time = new FakeTimeProvider(Start);
        var credentials = CreateSut(new FakeSts(time), time);
        await credentials.GetCredentialsAsync();
        credentials.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => credentials.GetCredentialsAsync());
        Assert.Throws<ObjectDisposedException>(() => credentials.GetCredentials());
    }

    private static RefreshingRoleCredentials CreateSut(FakeSts sts, FakeTimeProvider time) =>
        new(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, source: null, sts, time, loggerFactory: null, timings: null);
}
