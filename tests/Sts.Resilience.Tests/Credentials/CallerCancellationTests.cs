using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// A caller that stops waiting for an in-flight refresh: .NET 8 waits with <c>Task.WaitAsync</c>, the netstandard2.0
/// build with its own wait (both run, in Sts.Resilience.Tests and Sts.Resilience.NetStandard.Tests).
/// </summary>
public sealed class CallerCancellationTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";

    [Fact]
    public async Task GetCredentialsAsync_CallerCancelsWhileRefreshInFlight_OnlyThatCallerStopsAndTheRefreshGoesOn()
    {
        var (credentials, sts, release) = CreateWithPendingRefresh();
        using var cancel = new CancellationTokenSource();

        var impatient = credentials.GetCredentialsAsync(TimeSpan.Zero, cancel.Token);
        var patient = credentials.GetCredentialsAsync(TimeSpan.Zero, CancellationToken.None);
        cancel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.False(patient.IsCompleted);

        release.SetResult(sts.Fresh(keyId: "ASIACANCELLATION0001"));
        Assert.Equal("ASIACANCELLATION0001", (await patient).AccessKey);
        Assert.Equal("ASIACANCELLATION0001", (await credentials.GetCredentialsAsync()).AccessKey);
        Assert.Equal(1, sts.Calls);
        credentials.Dispose();
    }

    [Fact]
    public async Task GetCredentialsAsync_TokenAlreadyCancelledWhileRefreshInFlight_ThrowsWithoutWaiting()
    {
        var (credentials, sts, release) = CreateWithPendingRefresh();
        var first = credentials.GetCredentialsAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => credentials.GetCredentialsAsync(TimeSpan.Zero, new CancellationToken(canceled: true)));

        Assert.True(error.CancellationToken.IsCancellationRequested);
        Assert.False(first.IsCompleted);
        release.SetResult(sts.Fresh(keyId: "ASIACANCELLATION0002"));
        Assert.Equal("ASIACANCELLATION0002", (await first).AccessKey);
        Assert.Equal(1, sts.Calls);
        credentials.Dispose();
    }

    [Fact]
    public async Task GetCredentialsAsync_CancellableTokenAndRefreshAlreadyDone_ReturnsTheCredentials()
    {
        var (credentials, sts, release) = CreateWithPendingRefresh();
        release.SetResult(sts.Fresh(keyId: "ASIACANCELLATION0003"));
        using var cancel = new CancellationTokenSource();

        var result = await credentials.GetCredentialsAsync(TimeSpan.Zero, cancel.Token);

        Assert.Equal("ASIACANCELLATION0003", result.AccessKey);
        credentials.Dispose();
    }

    private static (RefreshingRoleCredentials Credentials, FakeSts Sts, TaskCompletionSource<AssumeRoleResponse> Release) CreateWithPendingRefresh()
    {
        var time = new TrackingTimeProvider();
        var sts = new FakeSts(time);
        var release = new TaskCompletionSource<AssumeRoleResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        sts.Handler = _ => release.Task;
        var options = new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false };
        return (new RefreshingRoleCredentials(options, sts, time), sts, release);
    }
}
