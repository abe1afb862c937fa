using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Credentials;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Tests.Credentials;

public class RefreshingRoleCredentialsTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";

    [Fact]
    public void Ctor_Ok_HasDocumentedDefaults()
    {
        var options = new RefreshingRoleCredentialsOptions();

        Assert.Equal(string.Empty, options.RoleArn);
        Assert.Null(options.RoleSessionName);
        Assert.Equal(TimeSpan.FromHours(1), options.Duration);
        Assert.Null(options.ExternalId);
        Assert.Null(options.Policy);
        Assert.Empty(options.PolicyArns);
        Assert.Empty(options.Tags);
        Assert.Empty(options.TransitiveTagKeys);
        Assert.Null(options.SourceIdentity);
        Assert.Null(options.MfaSerialNumber);
        Assert.Null(options.MfaTokenCodeProvider);
        Assert.Null(options.SourceCredentials);
        Assert.Null(options.Region);
        Assert.Null(options.ServiceUrl);
        Assert.Equal(TimeSpan.FromSeconds(15), options.StsTimeout);
        Assert.Null(options.AdvisoryWindow);
        Assert.True(options.BackgroundRefresh);
    }

    [Fact]
    public void Ctor_InvalidOptions_ReportsEveryProblemInOneMessageBeforeAnyStsCall()
    {
        var time = new FakeTimeProvider();
        var sts = new FakeSts(time);
        var options = new RefreshingRoleCredentialsOptions
        {
            RoleArn = "arn:aws:iam::12345:user/bob",
            RoleSessionName = "x",
            SourceIdentity = "has space",
            ExternalId = "e",
            Duration = TimeSpan.FromSeconds(100),
            MfaSerialNumber = "arn:aws:iam::123456789012:mfa/bob",
        };
        for (var i = 0; i < 11; i++)
        {
            options.PolicyArns.Add($"arn:aws:iam::aws:policy/Policy{i}");
        }

        for (var i = 0; i < 51; i++)
        {
            options.Tags[$"k{i}"] = "v";
        }

        options.Tags[new string('k', 129)] = new string('v', 257);

        var ex = Assert.Throws<ArgumentException>(() => new RefreshingRoleCredentials(options, sts, time));

        Assert.Equal("options", ex.ParamName);
        var nl = Environment.NewLine;
        Assert.Equal(
            "RefreshingRoleCredentialsOptions are invalid:" + nl
            + "- RoleArn 'arn:aws:iam::12345:user/bob' is not a role ARN: expected arn:<partition>:iam::<12-digit account>:role/<name>, the partition one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc." + nl
            + "- RoleSessionName must be 2–64 characters of [A-Za-z0-9_+=,.@-] (got 'x')." + nl
            + "- SourceIdentity must be 2–64 characters of [A-Za-z0-9_+=,.@-] (got 'has space')." + nl
            + "- ExternalId must be 2–1224 characters of [A-Za-z0-9_+=,.@:/-] (it has 1)." + nl
            + "- Duration must be a whole number of seconds from 900 to 43200 (it is 100 s)." + nl
            + "- PolicyArns may hold at most 10 ARNs (it holds 11)." + nl
            + "- Tags may hold at most 50 tags (it holds 52)." + nl
            + $"- Tag key '{new string('k', 129)}' must be 1–128 characters." + nl
            + $"- The value of tag '{new string('k', 129)}' must be 0–256 characters." + nl
            + "- MfaSerialNumber is set but MfaTokenCodeProvider is not: STS needs a current token code with every AssumeRole call. (Parameter 'options')",
            ex.Message);
        Assert.Equal(0, sts.Calls);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/app")]
    [InlineData("arn:aws-cn:iam::123456789012:role/path/app")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/app")]
    public void Validate_RoleArnInEveryPartition_Passes(string arn)
    {
        new RefreshingRoleCredentialsOptions { RoleArn = arn }.Validate();
    }

    [Fact]
    public async Task GetCredentials_1000ConcurrentSyncAndAsyncCallers_MakeExactlyOneStsCall()
    {
        var (credentials, sts, _) = CreateSut();
        var release = new TaskCompletionSource<AssumeRoleResponse>();
        sts.Handler = _ => release.Task;
        using var allStarted = new CountdownEvent(1000);

        var asyncCallers = Enumerable.Range(0, 500).Select(_ => Task.Run(() =>
        {
            allStarted.Signal();
            return credentials.GetCredentialsAsync();
        })).ToList();
        var syncResults = new ImmutableCredentials?[500];
        var threads = Enumerable.Range(0, 500).Select(i => new Thread(() =>
        {
            allStarted.Signal();
            syncResults[i] = credentials.GetCredentials();
        })).ToList();
        threads.ForEach(t => t.Start());

        Assert.True(allStarted.Wait(TimeSpan.FromSeconds(60)));
        release.SetResult(sts.Fresh(keyId: "ASIACONCURRENT000001"));
        var asyncResults = await Task.WhenAll(asyncCallers);
        threads.ForEach(t => t.Join());

        Assert.Equal(1, sts.Calls);
        Assert.All(asyncResults, c => Assert.Equal("ASIACONCURRENT000001", c.AccessKey));
        Assert.All(syncResults, c => Assert.Equal("ASIACONCURRENT000001", c!.AccessKey));
    }

    [Fact]
    public void GetCredentials_SyncCallerWithSynchronizationContext_RefreshRunsElsewhereWithoutThatContext()
    {
        var (credentials, sts, _) = CreateSut();
        int? stsThread = null;
        SynchronizationContext? stsContext = new();
        sts.Handler = _ =>
        {
            stsThread = Environment.CurrentManagedThreadId;
            stsContext = SynchronizationContext.Current;
            return Task.FromResult(sts.Fresh());
        };

        int callerThread = 0;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new SynchronizationContext());
            callerThread = Environment.CurrentManagedThreadId;
            credentials.GetCredentials();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(1, sts.Calls);
        Assert.NotEqual(callerThread, stsThread);
        Assert.Null(stsContext);
    }

    [Fact]
    public async Task GetCredentialsAsync_FreshCredentials_ReturnsTheSameCompletedTaskEveryTime()
    {
        var (credentials, _, _) = CreateSut();
        await credentials.GetCredentialsAsync();

        var first = credentials.GetCredentialsAsync();
        var second = credentials.GetCredentialsAsync();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Same(first, second);
        Assert.Same(await first, credentials.GetCredentials());
    }

    [Fact]
    public async Task GetCredentials_TimersNeverFire_StillRefreshesInsteadOfServingExpiredCredentials()
    {
        var time = new NeverFiringTimeProvider();
        var sts = new FakeSts(time);
        var logs = new CapturingLoggerFactory();
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, sts, time, logs);
        var first = await credentials.GetCredentialsAsync();

        time.Advance(TimeSpan.FromMinutes(61));
        LateTimerWatchdog.CheckAll(); // what its thread does each second, run here so the test does not wait
        var second = credentials.GetCredentials();

        Assert.Equal(2, sts.Calls);
        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Contains(logs.Entries, e => e.Id.Id == 1010);
    }

    [Fact]
    public async Task GetCredentialsAsync_FailedRefreshWithMinutesLeft_BacksOffBetween300And600Seconds()
    {
        for (var i = 0; i < 20; i++)
        {
            var time = new FakeTimeProvider();
            var sts = new FakeSts(time);
            using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, sts, time);
            await credentials.GetCredentialsAsync();
            time.Advance(TimeSpan.FromMinutes(46)); // advisory window, 13 minutes before the mandatory one
            sts.Handler = _ => throw FakeSts.Error("Throttling", "Rate exceeded");

            var served = await credentials.GetCredentialsAsync();

            Assert.NotNull(served);
            var status = credentials.Status;
            Assert.True(status.InBackoff);
            var backoff = status.BackoffUntil!.Value - time.GetUtcNow();
            Assert.InRange(backoff, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(600));
            Assert.Equal("Throttling: Rate exceeded", status.LastError);
            Assert.False(status.IsExpired);
        }
    }

    [Theory]
    [InlineData("AccessDenied")]
    [InlineData("MalformedPolicyDocument")]
    [InlineData("PackedPolicyTooLarge")]
    [InlineData("ValidationError")]
    [InlineData("RegionDisabledException")]
    [InlineData("ExpiredToken")]
    [InlineData("InvalidClientTokenId")]
    public async Task GetCredentialsAsync_NonRecoverableStsError_ThrowsAtOnceWithoutBackoff(string code)
    {
        var (credentials, sts, time) = CreateSut();
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromSeconds(3570));
        sts.Handler = _ => throw FakeSts.Error(code);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => credentials.GetCredentialsAsync());

        Assert.Equal(code, ex.ErrorCode);
        Assert.False(credentials.Status.InBackoff);
    }

    [Theory]
    [InlineData("Throttling", HttpStatusCode.BadRequest)]
    [InlineData("InternalFailure", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    public async Task GetCredentialsAsync_RecoverableStsError_ServesCachedAndBacksOff(string code, HttpStatusCode status)
    {
        var (credentials, sts, time) = CreateSut();
        var cached = await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromSeconds(3570));
        sts.Handler = _ => throw FakeSts.Error(code, status: status);

        var served = await credentials.GetCredentialsAsync();

        Assert.Same(cached, served);
        Assert.True(credentials.Status.InBackoff);
    }

    [Fact]
    public async Task GetCredentialsAsync_FirstFetchIncomplete_ThrowsNoCredentials()
    {
        var (credentials, sts, _) = CreateSut();
        sts.Handler = _ =>
        {
            var response = sts.Fresh();
            response.Credentials.SessionToken = null;
            return Task.FromResult(response);
        };

        var ex = await Assert.ThrowsAsync<AmazonClientException>(() => credentials.GetCredentialsAsync());

        Assert.Contains("incomplete", ex.Message, StringComparison.Ordinal);
        Assert.Null(credentials.Status.Expiration);
    }

    [Fact]
    public async Task Invalidate_OnlyTheRejectedKey_IsCompareAndSwap()
    {
        var (credentials, sts, _) = CreateSut();
        var cached = await credentials.GetCredentialsAsync();

        Assert.False(credentials.Invalidate("ASIASOMEOTHERKEY0000"));
        Assert.Same(cached, credentials.GetCredentials());
        Assert.Equal(1, sts.Calls);

        Assert.True(credentials.Invalidate(cached.AccessKey));
        Assert.False(credentials.Invalidate(cached.AccessKey));
        var next = credentials.GetCredentials();

        Assert.Equal(2, sts.Calls);
        Assert.NotEqual(cached.AccessKey, next.AccessKey);
        Assert.True(((IInvalidatableCredentials)credentials).Invalidate(next.AccessKey));
    }

    [Fact]
    public async Task BackgroundRefresh_IdleProcess_RefreshesInsideTheAdvisoryWindowWithJitter()
    {
        var time = new TrackingTimeProvider();
        var sts = new FakeSts(time);
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, sts, time);
        var first = await credentials.GetCredentialsAsync();

        // 1 h lifetime: 15-min advisory window from minute 45; jitter within the first quarter of the 14 minutes before the mandatory window.
        time.Advance(TimeSpan.FromMinutes(45) - TimeSpan.FromSeconds(1));
        Assert.Equal(1, sts.Calls);
        time.Advance(TimeSpan.FromSeconds(1) + TimeSpan.FromMinutes(3.5));
        Assert.Equal(2, sts.Calls);

        var second = credentials.GetCredentials();
        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(2, sts.Calls);
    }

    [Fact]
    public async Task BackgroundRefresh_JitterIsRandom_FleetDoesNotRefreshTogether()
    {
        var dueTimes = new HashSet<long>();
        for (var i = 0; i < 10; i++)
        {
            var time = new TrackingTimeProvider();
            var sts = new FakeSts(time);
            using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, sts, time);
            await credentials.GetCredentialsAsync();
            var elapsed = TimeSpan.Zero;
            while (sts.Calls == 1)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                elapsed += TimeSpan.FromSeconds(1);
            }

            dueTimes.Add((long)elapsed.TotalSeconds);
        }

        Assert.True(dueTimes.Count > 1, "every instance refreshed at the same second");
    }

    [Fact]
    public async Task DisposeAsync_StopsEverything_NoTimerLeftAndNoRefreshAfterwards()
    {
        var time = new TrackingTimeProvider();
        var sts = new FakeSts(time);
        var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn }, sts, time);
        await credentials.GetCredentialsAsync();
        Assert.True(time.ActiveTimers > 0);

        await credentials.DisposeAsync();
        time.Advance(TimeSpan.FromHours(10));

        Assert.Equal(0, time.ActiveTimers);
        Assert.Equal(1, sts.Calls);
        Assert.Throws<ObjectDisposedException>(() => credentials.GetCredentials());
        await credentials.DisposeAsync();
        credentials.Dispose();
    }

    [Fact]
    public async Task Dispose_WhileRefreshInFlight_RefreshThatFinishesLaterArmsNoTimer()
    {
        var (credentials, sts, time) = CreateSut(background: true);
        var release = new TaskCompletionSource<AssumeRoleResponse>();
        sts.Handler = _ => release.Task;
        var pending = credentials.GetCredentialsAsync();

        credentials.Dispose();
        release.SetResult(sts.Fresh());
        await pending;
        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, time.ActiveTimers);
        Assert.Equal(1, sts.Calls);
    }

    [Fact]
    public async Task Dispose_AfterFailedRefreshWithBackoffTimer_LeavesNoTimer()
    {
        var (credentials, sts, time) = CreateSut(background: true);
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(61));
        sts.Handler = _ => throw FakeSts.Error("Throttling");
        await credentials.GetCredentialsAsync();

        credentials.Dispose();
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, time.ActiveTimers);
        Assert.Equal(2, sts.Calls);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task GetCredentials_HostClockOffByTenMinutes_JudgesExpiryInServerTime(int serverAheadMinutes)
    {
        var (credentials, sts, time) = CreateSut();
        sts.ServerClockOffset = TimeSpan.FromMinutes(serverAheadMinutes);
        await credentials.GetCredentialsAsync();
        Assert.Equal(TimeSpan.FromMinutes(serverAheadMinutes), credentials.Status.ClockSkew);

        // Server expiry is server-now + 1 h: locally that is local-now + 1 h, whatever the offset.
        time.Advance(TimeSpan.FromMinutes(44));
        credentials.GetCredentials();
        credentials.GetCredentials();
        Assert.Equal(1, sts.Calls);

        time.Advance(TimeSpan.FromMinutes(15.5));
        credentials.GetCredentials();
        Assert.Equal(2, sts.Calls);
        Assert.Equal(sts.ServerNow.AddHours(1), credentials.Status.Expiration);
        Assert.False(credentials.Status.IsExpired);
    }

    [Fact]
    public async Task GetCredentialsAsync_RoleChainingLimit_RetriesOnceWithOneHourAndWarnsOnce()
    {
        var logs = new CapturingLoggerFactory();
        var (credentials, sts, time) = CreateSut(duration: TimeSpan.FromHours(2), logs: logs);
        sts.Handler = request => request.DurationSeconds > 3600
            ? throw FakeSts.Error("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
            : Task.FromResult(sts.Fresh());

        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(61));
        await credentials.GetCredentialsAsync();

        Assert.Equal([7200, 3600, 3600], sts.Requests.Select(r => r.DurationSeconds));
        var warning = Assert.Single(logs.Entries, e => e.Id.Id == 1005);
        Assert.Contains("7200", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_DurationAboveMaxSessionDuration_FailsNamingTheNumbers()
    {
        var (credentials, sts, _) = CreateSut(duration: TimeSpan.FromHours(2));
        sts.Handler = _ => throw FakeSts.Error("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => credentials.GetCredentialsAsync());

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Contains("DurationSeconds 7200", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3600–43200 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, sts.Calls);
    }

    [Fact]
    public async Task GetCredentialsAsync_MinimumValidityLongerThanWhatIsLeft_RefreshesFirst()
    {
        var (credentials, sts, time) = CreateSut();
        var first = await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(40));

        var presign = await credentials.GetCredentialsAsync(TimeSpan.FromMinutes(30));

        Assert.NotEqual(first.AccessKey, presign.AccessKey);
        Assert.Equal(2, sts.Calls);
        Assert.Same(presign, await credentials.GetCredentialsAsync(TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public async Task GetCredentialsAsync_MinimumValidityBeyondSessionDuration_ThrowsSayingWhy()
    {
        var (credentials, _, _) = CreateSut();

        var ex = await Assert.ThrowsAsync<AmazonClientException>(() => credentials.GetCredentialsAsync(TimeSpan.FromHours(2)));

        Assert.Contains("valid for at least 02:00:00", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = credentials.GetCredentialsAsync(TimeSpan.FromSeconds(-1)); });
    }

    [Fact]
    public async Task GetCredentialsAsync_AllOptions_AreSentToStsAndSessionNameIsStable()
    {
        var time = new FakeTimeProvider();
        var sts = new FakeSts(time);
        var codes = 0;
        var options = new RefreshingRoleCredentialsOptions
        {
            RoleArn = RoleArn,
            ExternalId = "ext-1",
            Policy = "{}",
            SourceIdentity = "alice",
            MfaSerialNumber = "arn:aws:iam::123456789012:mfa/alice",
            MfaTokenCodeProvider = _ => new ValueTask<string>((123456 + Interlocked.Increment(ref codes)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            BackgroundRefresh = false,
        };
        options.PolicyArns.Add("arn:aws:iam::aws:policy/ReadOnlyAccess");
        options.Tags["team"] = "core";
        options.TransitiveTagKeys.Add("team");
        using var credentials = new RefreshingRoleCredentials(options, sts, time);

        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(61));
        await credentials.GetCredentialsAsync();

        Assert.Equal(2, sts.Requests.Count);
        var request = sts.Requests[0];
        Assert.Equal(RoleArn, request.RoleArn);
        Assert.Equal(3600, request.DurationSeconds);
        Assert.Equal("ext-1", request.ExternalId);
        Assert.Equal("{}", request.Policy);
        Assert.Equal("alice", request.SourceIdentity);
        Assert.Equal("arn:aws:iam::123456789012:mfa/alice", request.SerialNumber);
        Assert.Equal("123457", request.TokenCode);
        Assert.Equal("123458", sts.Requests[1].TokenCode);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", Assert.Single(request.PolicyArns).Arn);
        var tag = Assert.Single(request.Tags);
        Assert.Equal(("team", "core"), (tag.Key, tag.Value));
        Assert.Equal(["team"], request.TransitiveTagKeys);
        Assert.StartsWith("sts-resilience-", request.RoleSessionName, StringComparison.Ordinal);
        Assert.Equal(request.RoleSessionName, sts.Requests[1].RoleSessionName);
    }

    [Fact]
    public async Task GetCredentialsAsync_NoOptionalOptions_SendsNoEmptyCollections()
    {
        var (credentials, sts, _) = CreateSut();

        await credentials.GetCredentialsAsync();

        var request = Assert.Single(sts.Requests);
        Assert.Null(request.PolicyArns);
        Assert.Null(request.Tags);
        Assert.Null(request.TransitiveTagKeys);
        Assert.Null(request.SerialNumber);
        Assert.Null(request.ExternalId);
    }

    [Fact]
    public async Task Status_AndToString_ShowStateWithoutSecrets()
    {
        var (credentials, sts, time) = CreateSut();
        Assert.Contains("no credentials yet", credentials.ToString(), StringComparison.Ordinal);
        sts.Handler = _ => Task.FromResult(sts.Fresh(keyId: "ASIAABCDEFGHIJKLWXYZ"));

        await credentials.GetCredentialsAsync();

        var text = credentials.ToString();
        Assert.Contains("...WXYZ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAABCDEFGHIJKLWXYZ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN", text, StringComparison.Ordinal);
        var status = credentials.Status;
        Assert.Equal("WXYZ", status.AccessKeyIdSuffix);
        Assert.Equal(RoleArn, status.RoleArn);
        Assert.Equal(time.GetUtcNow(), status.LastRefresh);
        Assert.Equal(time.GetUtcNow().AddHours(1), status.Expiration);
        Assert.Equal(TimeSpan.FromMinutes(15), status.AdvisoryWindow);
        Assert.Equal(1, status.RefreshCount);
        Assert.Null(status.LastError);
        Assert.Equal(time.GetUtcNow().AddHours(1).UtcDateTime, credentials.Expiration);
    }

    [Fact]
    public async Task CustomSource_SameEngine_ServesAndRefreshesFromIt()
    {
        var time = new FakeTimeProvider();
        var source = new CountingSource(time);
        using var credentials = RefreshingRoleCredentials.Create(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, source, time);

        var first = await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(61));
        var second = credentials.GetCredentials();

        Assert.Equal(2, source.Fetches);
        Assert.NotEqual(first.AccessKey, second.AccessKey);
    }

    [Fact]
    public async Task RoleChain_RefreshingCredentialsAsSourceOfAnother_BothRefresh()
    {
        var time = new FakeTimeProvider();
        var inner = new FakeSts(time);
        using var source = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, BackgroundRefresh = false }, inner, time);
        var outerSource = new CountingSource(time) { Upstream = source };
        using var outer = RefreshingRoleCredentials.Create(
            new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/next", SourceCredentials = source, BackgroundRefresh = false },
            outerSource,
            time);

        await outer.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(61));
        await outer.GetCredentialsAsync();

        Assert.Equal(2, inner.Calls);
        Assert.Equal(2, outerSource.Fetches);
    }

    private static (RefreshingRoleCredentials Credentials, FakeSts Sts, TrackingTimeProvider Time) CreateSut(
        bool background = false, TimeSpan? duration = null, CapturingLoggerFactory? logs = null)
    {
        var time = new TrackingTimeProvider();
        var sts = new FakeSts(time);
        var options = new RefreshingRoleCredentialsOptions
        {
            RoleArn = RoleArn,
            BackgroundRefresh = background,
            Duration = duration ?? TimeSpan.FromHours(1),
        };
        return (new RefreshingRoleCredentials(options, sts, time, logs), sts, time);
    }

    private sealed class CountingSource(TimeProvider time) : ICredentialSource
    {
        private int _fetches;

        public int Fetches => _fetches;

        public AWSCredentials? Upstream { get; init; }

        public string Description => "counting source";

        public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
        {
            if (Upstream is not null)
            {
                await Upstream.GetCredentialsAsync();
            }

            var n = Interlocked.Increment(ref _fetches);
            return new SourceCredentials(new ImmutableCredentials($"ASIACUSTOM{n:D10}", "secret", "token"), time.GetUtcNow().AddHours(1), time.GetUtcNow());
        }

        public bool IsNonRecoverable(Exception exception) => false;
    }
}
