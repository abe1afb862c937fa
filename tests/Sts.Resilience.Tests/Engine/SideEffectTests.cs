using System.Diagnostics;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;
using Sts.Resilience.Profiles;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.Engine;

/// <summary>Issue 13, defects 3, 5, 6, 7, 8, 9 and 13: context, hot-path state, side code, clock skew, validation.</summary>
public class SideEffectTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Refresh_StartedInsideARequest_IsARootSpanLinkedToTheRequestAndArmsNoTimerWithItsContext()
    {
        using var requestSource = new ActivitySource("Sts.Resilience.Tests.Request");
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Sts.Resilience" or "Sts.Resilience.Tests.Request",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var time = new FlowRecordingTimeProvider();
        var sts = new FakeSts(time);
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/span-test" }, sts, time);

        ActivityContext request;
        using (var requestActivity = requestSource.StartActivity("GET /orders"))
        {
            request = requestActivity!.Context;
            await credentials.GetCredentialsAsync();
        }

        Activity refresh;
        lock (stopped)
        {
            refresh = Assert.Single(stopped, a => a.OperationName == "Sts.Resilience.RefreshCredentials" && (string?)a.GetTagItem("aws.iam.role_arn") == "arn:aws:iam::123456789012:role/span-test");
        }

        Assert.Equal(default, refresh.ParentSpanId);
        Assert.NotEqual(request.TraceId, refresh.TraceId);
        Assert.Equal(request.SpanId, Assert.Single(refresh.Links).Context.SpanId);
        Assert.NotEmpty(time.FlowSuppressedAtCreation);
        Assert.All(time.FlowSuppressedAtCreation, Assert.True);
    }

    [Fact]
    public async Task WindowTimer_FiringLateForAReplacedEntry_DoesNotTurnTheHotPathOffForTheNewOne()
    {
        var time = new FlowRecordingTimeProvider { HoldCallbacks = true };
        var sts = new FakeSts(time);
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time);
        var first = await credentials.GetCredentialsAsync();
        var staleWindowTimer = Assert.Single(time.Held, h => h.Due == TimeSpan.FromMinutes(45)).Fire;
        credentials.Invalidate(first.AccessKey);
        await credentials.GetCredentialsAsync(); // the new entry, its own window timer

        staleWindowTimer(); // the first entry's timer callback, already running when it was disposed
        var clockReads = time.ClockReads;
        credentials.GetCredentials();
        await credentials.GetCredentialsAsync();

        Assert.Equal(clockReads, time.ClockReads); // the hot path reads no clock
    }

    [Fact]
    public async Task GetCredentials_WithAThrowingLogger_StillAnswersEveryCaller()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        using var logs = new ThrowingLoggerFactory();
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, sts, time, logs);

        var ok = credentials.GetCredentialsAsync();
        Assert.True(ok.IsCompleted);
        Assert.StartsWith("ASIA", (await ok).AccessKey, StringComparison.Ordinal);

        using var failing = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, new FakeSts(time) { Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError)) }, time, logs);
        var failed = failing.GetCredentialsAsync();
        Assert.True(failed.IsCompleted);
        await Assert.ThrowsAsync<AmazonClientException>(() => failed);
    }

    [Fact]
    public async Task LateTimerWatchdog_WithAThrowingLogger_KeepsChecking()
    {
        var time = new NeverFiringTimeProvider();
        var sts = new FakeSts(time);
        using var logs = new ThrowingLoggerFactory();
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time, logs);
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(46)); // inside the advisory window; the window timer never fires

        LateTimerWatchdog.CheckAll(); // what the watchdog thread does each second: the LateTimer warning throws

        await credentials.GetCredentialsAsync();
        Assert.Equal(2, sts.Calls); // the watchdog moved callers to the slow path, which refreshed
    }

    [Fact]
    public async Task GetCredentials_DateHeaderDaysOff_IgnoresItWithAWarning()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        sts.Handler = _ =>
        {
            var response = sts.Respond(sts.NextKeyId(), time.GetUtcNow() + TimeSpan.FromHours(1));
            response.ResponseMetadata.Metadata["Date"] = (time.GetUtcNow() + TimeSpan.FromDays(3)).ToString("r", CultureInfo.InvariantCulture);
            return Task.FromResult(response);
        };
        var logs = new CapturingLoggerFactory();
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, sts, time, logs);

        await credentials.GetCredentialsAsync();

        Assert.Equal(TimeSpan.Zero, credentials.Status.ClockSkew);
        Assert.Equal(Start + TimeSpan.FromHours(1), credentials.Status.Expiration);
        Assert.Contains(logs.Entries, e => e.Id.Name == "ClockSkewIgnored");
    }

    [Fact]
    public async Task GetCredentials_SlowStsAnswer_MeasuresSkewFromTheSendTime()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time);
        sts.Handler = _ =>
        {
            var stamped = time.GetUtcNow(); // STS stamps its Date on arrival ...
            var response = sts.Respond(sts.NextKeyId(), stamped + TimeSpan.FromHours(1));
            response.ResponseMetadata.Metadata["Date"] = stamped.ToString("r", CultureInfo.InvariantCulture);
            time.Advance(TimeSpan.FromSeconds(20)); // ... and the answer takes 20 s to come back
            return Task.FromResult(response);
        };
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time);

        await credentials.GetCredentialsAsync();

        // Judged from the receipt, the session would look valid 20 s past its real end.
        Assert.Equal((Start + TimeSpan.FromHours(1)).UtcDateTime, credentials.Expiration);
    }

    [Fact]
    public async Task GetCredentials_NonRecoverableError_EachCallerGetsItsOwnExceptionObject()
    {
        var time = new FakeTimeProvider(Start);
        var sts = new FakeSts(time) { Handler = _ => Task.FromException<AssumeRoleResponse>(FakeSts.Error("AccessDenied", "not authorized to perform sts:AssumeRole", HttpStatusCode.Forbidden)) };
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, sts, time);

        var first = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => credentials.GetCredentialsAsync());
        var second = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => credentials.GetCredentialsAsync()); // from the 1–5 s cache
        var third = Assert.Throws<AmazonSecurityTokenServiceException>(() => credentials.GetCredentials());

        Assert.Equal(1, sts.Calls);
        Assert.NotSame(first, second);
        Assert.NotSame(second, third);
        Assert.All(new[] { first, second, third }, e => Assert.Equal("AccessDenied", e.ErrorCode));
        Assert.All(new[] { first, second, third }, e => Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode));
    }

    [Fact]
    public void DeferredCredentials_FactoryFailsOnce_IsTriedAgain()
    {
        var attempts = 0;
        using var deferred = new DeferredAWSCredentials("credential_source = Ec2InstanceMetadata (profile 'p')", () =>
            ++attempts == 1 ? throw new AmazonClientException("instance metadata is busy") : new BasicAWSCredentials("AKIAEXAMPLE", "secret"));

        Assert.Throws<AmazonClientException>(() => deferred.GetCredentials());
        Assert.Equal("AKIAEXAMPLE", deferred.GetCredentials().AccessKey);
        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData("ab\n")]
    [InlineData("caf\u00e9")]
    [InlineData("\u0661\u0662\u0663")]
    public void Validate_SessionNameWithNonAsciiOrTrailingNewline_IsAnError(string name)
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, RoleSessionName = name };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("aws-cn")]
    [InlineData("aws-us-gov")]
    [InlineData("aws-iso")]
    [InlineData("aws-iso-b")]
    [InlineData("aws-iso-e")]
    [InlineData("aws-iso-f")]
    [InlineData("aws-eusc")]
    public void Validate_RoleArnInEveryPartition_IsAccepted(string partition)
    {
        new RefreshingRoleCredentialsOptions { RoleArn = $"arn:{partition}:iam::123456789012:role/app" }.Validate();
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/app\n")]
    [InlineData("arn:aws:iam::\u0661\u0662\u0663456789012:role/app")]
    [InlineData("arn:aws-moon:iam::123456789012:role/app")]
    public void Validate_RoleArnNotAscii_OrUnknownPartition_IsAnError(string arn)
    {
        Assert.Throws<ArgumentException>(new RefreshingRoleCredentialsOptions { RoleArn = arn }.Validate);
    }

    /// <summary>Records whether the ExecutionContext flowed into each timer, counts clock reads, and can hold callbacks back.</summary>
    private sealed class FlowRecordingTimeProvider() : FakeTimeProvider(SideEffectTests.Start)
    {
        private int _clockReads;

        public bool HoldCallbacks { get; init; }

        public List<bool> FlowSuppressedAtCreation { get; } = [];

        public List<(TimeSpan Due, Action Fire)> Held { get; } = [];

        public int ClockReads => Volatile.Read(ref _clockReads);

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Increment(ref _clockReads);
            return base.GetUtcNow();
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (FlowSuppressedAtCreation)
            {
                FlowSuppressedAtCreation.Add(ExecutionContext.IsFlowSuppressed());
                if (HoldCallbacks)
                {
                    Held.Add((dueTime, () => callback(state)));
                }
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class ThrowingLoggerFactory : ILoggerFactory, ILoggerProvider, ILogger
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("the log sink is broken");

        public void Dispose()
        {
        }
    }
}
