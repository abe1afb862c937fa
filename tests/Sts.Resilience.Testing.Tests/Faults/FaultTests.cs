using Microsoft.Extensions.Time.Testing;
using Amazon.Runtime;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.Faults;

public class FaultTests
{
    private static AmazonSecurityTokenServiceClient NoRetryClient(LocalSts sts, AWSCredentials credentials)
    {
        var config = sts.CreateStsConfig();
        config.MaxErrorRetry = 0;
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    private static AssumeRoleRequest Request(LocalStsFixture f) => new() { RoleArn = f.Role.Arn, RoleSessionName = "s1" };

    [Theory]
    [InlineData(LocalStsFault.Throttling, "Throttling", 400, "Rate exceeded")]
    [InlineData(LocalStsFault.InternalFailure, "InternalFailure", 500, "The request processing has failed because of an unknown error, exception or failure.")]
    [InlineData(LocalStsFault.ServiceUnavailable, "ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server.")]
    public async Task FailNext_AssumeRole_FailsOnceWithTheStsError(LocalStsFault fault, string code, int status, string message)
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.Faults.FailNext(LocalStsActions.AssumeRole, fault);
        using var client = NoRetryClient(f.Sts, f.User.Credentials);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(Request(f)));
        var next = await client.AssumeRoleAsync(Request(f));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(status, (int)ex.StatusCode);
        Assert.Equal(message, ex.Message);
        Assert.NotNull(next.Credentials);
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.AssumeRole, code));
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task FailNext_ConnectionReset_HttpClientSeesTheResponseEndPrematurely()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.Faults.FailNext(LocalStsActions.All, LocalStsFault.ConnectionReset);
        using var http = new HttpClient();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(f.Sts.ServiceUrl));

        Assert.IsType<HttpIOException>(ex.InnerException);
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.ListBuckets, LocalStsOutcomes.ConnectionReset));
        Assert.Equal(0, f.Sts.Requests[^1].StatusCode);
    }

    [Fact]
    public async Task FailNext_ConnectionReset_SdkResendsEvenWithoutRetries_CountersShowBothAttempts()
    {
        // Observed: the AWS SDK for .NET resends a request whose response broke off, even with MaxErrorRetry = 0.
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.Faults.FailNext(LocalStsActions.GetCallerIdentity, LocalStsFault.ConnectionReset);
        using var client = NoRetryClient(f.Sts, f.User.Credentials);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(f.User.Arn, identity.Arn);
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.GetCallerIdentity, LocalStsOutcomes.ConnectionReset));
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.GetCallerIdentity));
    }

    [Fact]
    public async Task FailNext_SdkDefaultRetries_RecoverAndCountersShowEveryAttempt()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.Faults.FailNext(LocalStsActions.AssumeRole, 1, LocalStsFault.InternalFailure);
        using var client = f.Sts.CreateStsClient(f.User.Credentials);

        var response = await client.AssumeRoleAsync(Request(f));

        Assert.NotNull(response.Credentials);
        Assert.Equal(2, f.Sts.Counters.Count(LocalStsActions.AssumeRole));
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.Equal(0, f.Sts.Faults.PendingFailures(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task FailNext_Queued_FailInOrderThenPass()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.Faults.FailNext(LocalStsActions.AssumeRole, 2, LocalStsFault.Throttling);
        f.Sts.Faults.FailNext(LocalStsActions.AssumeRole, LocalStsFault.ServiceUnavailable);
        using var client = NoRetryClient(f.Sts, f.User.Credentials);

        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(Request(f)))).ErrorCode);
        }

        Assert.Equal(["Throttling", "Throttling", "ServiceUnavailable"], codes);
        Assert.NotNull(await client.AssumeRoleAsync(Request(f)));
    }

    [Fact]
    public async Task FailNext_AllActions_HitsS3InItsOwnProtocol()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.Faults.FailNext(LocalStsActions.All, LocalStsFault.Throttling);
        var config = f.Sts.CreateS3Config();
        config.MaxErrorRetry = 0;
        using var s3 = new Amazon.S3.AmazonS3Client(f.User.Credentials, config);

        var ex = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => s3.ListBucketsAsync(new ListBucketsRequest()));

        Assert.Equal("SlowDown", ex.ErrorCode);
        Assert.Equal(503, (int)ex.StatusCode);
    }

    [Fact]
    public async Task Outage_StsDownForTheWindow_S3KeepsWorking_StsBackAfterIt()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        f.Sts.Faults.StartOutage(TimeSpan.FromMinutes(5));
        using var client = NoRetryClient(f.Sts, f.User.Credentials);
        using var s3 = f.Sts.CreateS3Client(credentials.ToSdk());

        var during = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(Request(f)));
        await s3.ListBucketsAsync(new ListBucketsRequest());
        f.Time.Advance(TimeSpan.FromMinutes(5));
        var after = await client.AssumeRoleAsync(Request(f));

        Assert.Equal("ServiceUnavailable", during.ErrorCode);
        Assert.NotNull(after.Credentials);
    }

    [Fact]
    public async Task Latency_MeasuredOnTheFakeClock_CallCompletesOnlyAfterTheTestAdvancesIt()
    {
        var time = new TimerSignallingTimeProvider(TimeProvider.System.GetUtcNow());
        await using var f = await LocalStsFixture.StartAsync(o => o.TimeProvider = time);
        f.Sts.Faults.SetLatency(LocalStsActions.GetCallerIdentity, TimeSpan.FromSeconds(30));
        using var client = f.Sts.CreateStsClient(f.User.Credentials);
        var start = f.Sts.UtcNow;
        var waiting = time.TimerCreated(TimeSpan.FromSeconds(30));

        var call = client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        await waiting; // the server now waits on the fake clock
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted, "the call completed before its latency elapsed on the fake clock");
        Assert.Empty(f.Sts.Requests);
        time.Advance(TimeSpan.FromSeconds(1));

        await call.WaitAsync(TimeSpan.FromSeconds(60));
        var handled = Assert.Single(f.Sts.Requests);
        Assert.True(handled.Time - start >= TimeSpan.FromSeconds(30), $"handled after {handled.Time - start}");
    }

    /// <summary>A fake clock that tells the test when the server starts waiting on it, so the test need not poll.</summary>
    private sealed class TimerSignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<TimeSpan, TaskCompletionSource> _created = new();

        /// <summary>Completes when a timer with this due time is created (or already was); fails a hung test after a minute.</summary>
        public Task TimerCreated(TimeSpan dueTime) => Signal(dueTime).Task.WaitAsync(TimeSpan.FromSeconds(60));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Signal(dueTime).TrySetResult();
            return timer;
        }

        private TaskCompletionSource Signal(TimeSpan dueTime)
            => _created.GetOrAdd(dueTime, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    [Fact]
    public async Task FailNext_InvalidArguments_Throw()
    {
        await using var f = await LocalStsFixture.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => f.Sts.Faults.FailNext(LocalStsActions.AssumeRole, 0, LocalStsFault.Throttling));
        Assert.Throws<ArgumentException>(() => f.Sts.Faults.FailNext("", LocalStsFault.Throttling));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Sts.Faults.FailNext(LocalStsActions.AssumeRole, (LocalStsFault)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Sts.Faults.SetLatency(LocalStsActions.AssumeRole, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => f.Sts.Faults.ScheduleOutage(f.Sts.UtcNow, f.Sts.UtcNow));
    }

    [Fact]
    public async Task Clear_RemovesPendingFailuresAndOutage()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.Faults.FailNext(LocalStsActions.AssumeRole, 5, LocalStsFault.Throttling);
        f.Sts.Faults.StartOutage(TimeSpan.FromHours(1));

        f.Sts.Faults.Clear();

        Assert.Equal(0, f.Sts.Faults.PendingFailures(LocalStsActions.AssumeRole));
        Assert.NotNull(await f.AssumeRoleAsync());
    }
}
