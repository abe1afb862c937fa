using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using Snapshooter.Xunit;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Retry;

/// <summary>
/// The "done when" of the expired-token retry: real SDK clients, real RefreshingRoleCredentials, a real server
/// (LocalSts on 127.0.0.1) that verifies SigV4 and rejects revoked sessions in each protocol's own words.
/// </summary>
[Collection(RetryTestGroup.Name)]
#pragma warning disable CA1001 // xunit disposes the server and the credentials through IAsyncLifetime.DisposeAsync.
public sealed class ExpiredTokenRetryLocalStsTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private LocalSts _sts = null!;
    private LocalStsUser _user = null!;
    private LocalStsRole _role = null!;
    private RefreshingRoleCredentials _credentials = null!;

    public ExpiredTokenRetryLocalStsTests()
    {
        RetryTestRegistration.EnsureRegistered();

        // These tests read the advice from the opt-in replacement; ExceptionTypeTests cover the default.
        ExpiredTokenRetry.ThrowExpiredCredentialsException = true;
    }

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync();
        _user = _sts.CreateUser("app");
        _role = _sts.CreateRole("app-role");
        _credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions
        {
            RoleArn = _role.Arn,
            RoleSessionName = "retry-tests",
            SourceCredentials = _user.Credentials,
            ServiceUrl = _sts.ServiceUrl,
            Region = _sts.Region,
            BackgroundRefresh = false,

            // These tests count AssumeRole calls, and the 64-caller test queues one behind 64 others. With the default
            // 15 s, an AssumeRole that LocalSts answered but a loaded machine (load 40 on 2 cores) delivered late could
            // time out and be sent again (3 successes counted), or fail the refresh so the retry got the revoked session
            // back: a failure about the machine, not the code. The timeout is not what these tests are about.
            StsTimeout = TimeSpan.FromMinutes(5),
        });
    }

    public async Task DisposeAsync()
    {
        await _credentials.DisposeAsync();
        await _sts.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetCallerIdentity_SessionRevoked_RecoversWithOneAssumeRoleAndOneRetry(bool sync)
    {
        using var client = new RetryStsClient(_credentials, _sts.CreateStsConfig());
        Task<GetCallerIdentityResponse> Call() => sync
            ? Task.FromResult(client.GetCallerIdentitySync(new GetCallerIdentityRequest()))
            : client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        await Call();
        _sts.RevokeAllSessions();
        var response = await Call();

        Assert.Equal(_sts.AccountId, response.Account);
        AssertRecoveredOnce(LocalStsActions.GetCallerIdentity, "ExpiredToken");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListBuckets_SessionRevoked_RecoversWithOneAssumeRoleAndOneRetry(bool sync)
    {
        using var client = new RetryS3Client(_credentials, _sts.CreateS3Config());
        Task<ListBucketsResponse> Call() => sync
            ? Task.FromResult(client.ListBucketsSync(new ListBucketsRequest()))
            : client.ListBucketsAsync(new ListBucketsRequest());

        await Call();
        _sts.RevokeAllSessions();
        await Call();

        AssertRecoveredOnce(LocalStsActions.ListBuckets, "ExpiredToken");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PutObject_SeekableBody_SessionRevoked_RecoversAndStoresTheWholeBody(bool sync)
    {
        using var client = new RetryS3Client(_credentials, _sts.CreateS3Config());
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bucket", Key = "warm-up", ContentBody = "x" });
        _sts.RevokeAllSessions();

        var request = new PutObjectRequest { BucketName = "bucket", Key = "key", InputStream = new MemoryStream("retried body"u8.ToArray()) };
        _ = sync ? client.PutObjectSync(request) : await client.PutObjectAsync(request);

        AssertRecoveredOnce(LocalStsActions.PutObject, "ExpiredToken");
        using var stored = await client.GetObjectAsync("bucket", "key");
        using var reader = new StreamReader(stored.ResponseStream);
        Assert.Equal("retried body", await reader.ReadToEndAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListTables_SessionRevoked_RecoversWithOneAssumeRoleAndOneRetry(bool sync)
    {
        using var client = new RetryDynamoDBClient(_credentials, _sts.CreateDynamoDbConfig());
        Task<ListTablesResponse> Call() => sync
            ? Task.FromResult(client.ListTablesSync(new ListTablesRequest()))
            : client.ListTablesAsync(new ListTablesRequest());

        await Call();
        _sts.RevokeAllSessions();
        await Call();

        AssertRecoveredOnce(LocalStsActions.ListTables, "ExpiredTokenException");
    }

    [Fact]
    public async Task PutObject_NonSeekableBody_NotRetriedClearExceptionAndNextCallWorks()
    {
        using var client = new RetryS3Client(_credentials, _sts.CreateS3Config());
        await client.ListBucketsAsync(new ListBucketsRequest());
        _sts.RevokeAllSessions();

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "bucket",
            Key = "key",
            InputStream = new NonSeekableStream("streamed"u8.ToArray()),
            Headers = { ContentLength = 8 },
        }));

        Assert.Contains("cannot be rewound (CanSeek is false)", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.PutObject));
        await client.ListBucketsAsync(new ListBucketsRequest());
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task GetCallerIdentity_SessionAWSCredentials_ExpiredCredentialsExceptionWithAdvice()
    {
        using var bootstrap = _sts.CreateStsClient(_user.Credentials);
        var assumed = await bootstrap.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = _role.Arn, RoleSessionName = "copied", DurationSeconds = 900 });
        var copied = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        using var client = new RetryStsClient(copied, _sts.CreateStsConfig());
        _sts.RevokeAllSessions();

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.GetCallerIdentity));
        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        var suffix = assumed.Credentials.AccessKeyId[^4..];
        Snapshot.Match(exception.Message.Replace(suffix, "<KEY4>", StringComparison.Ordinal).Split('\n'));
    }

    [Fact]
    public async Task GetCallerIdentity_EnvironmentCredentials_ExpiredCredentialsExceptionWithUnsetCommands()
    {
        using var bootstrap = _sts.CreateStsClient(_user.Credentials);
        var assumed = await bootstrap.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = _role.Arn, RoleSessionName = "env", DurationSeconds = 900 });
        string[] variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"];
        var saved = variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", assumed.Credentials.AccessKeyId);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", assumed.Credentials.SecretAccessKey);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", assumed.Credentials.SessionToken);
            Environment.SetEnvironmentVariable("AWS_CREDENTIAL_EXPIRATION", null);
            using var client = new RetryStsClient(new EnvironmentVariablesAWSCredentials(), _sts.CreateStsConfig());
            _sts.RevokeAllSessions();

            var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

            Assert.Equal(1, _sts.Counters.Count(LocalStsActions.GetCallerIdentity));
            Assert.DoesNotContain(assumed.Credentials.SecretAccessKey, exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(assumed.Credentials.SessionToken, exception.Message, StringComparison.Ordinal);
            Snapshot.Match(exception.Message.Replace(assumed.Credentials.AccessKeyId[^4..], "<KEY4>", StringComparison.Ordinal).Split('\n'));
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Fact]
    public async Task AssumeRole_AccessDenied_Untouched()
    {
        var locked = _sts.CreateRole("locked", o => o.TrustedPrincipals.Add("arn:aws:iam::123456789012:user/someone-else"));
        using var client = new RetryStsClient(_user.Credentials, _sts.CreateStsConfig());

        var exception = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = locked.Arn, RoleSessionName = "denied" }));

        Assert.IsNotType<ExpiredCredentialsException>(exception);
        Assert.Equal("AccessDenied", exception.ErrorCode);
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.AssumeRole, "AccessDenied"));
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task GetCallerIdentity_Throttling_Untouched()
    {
        var config = _sts.CreateStsConfig();
        config.MaxErrorRetry = 0;
        using var client = new RetryStsClient(_credentials, config);
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        _sts.Faults.FailNext(LocalStsActions.GetCallerIdentity, LocalStsFault.Throttling);

        var exception = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.IsNotType<ExpiredCredentialsException>(exception);
        Assert.Equal("Throttling", exception.ErrorCode);
        Assert.Equal(2, _sts.Counters.Count(LocalStsActions.GetCallerIdentity));
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task GetCallerIdentity_NewSessionRejectedToo_NotRetriedAgain()
    {
        using var bootstrap = _sts.CreateStsClient(_user.Credentials);
        var sessions = new List<ImmutableCredentials>();
        for (var i = 0; i < 2; i++)
        {
            var assumed = await bootstrap.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = _role.Arn, RoleSessionName = "s" + i, DurationSeconds = 900 });
            sessions.Add(new ImmutableCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken));
        }

        _sts.RevokeAllSessions();
        using var client = new RetryStsClient(new SessionSequenceCredentials(sessions), _sts.CreateStsConfig());

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.True(exception.Retried);
        Assert.Equal(2, _sts.Counters.Count(LocalStsActions.GetCallerIdentity, "ExpiredToken"));
        Assert.Equal(2, _sts.Counters.Count(LocalStsActions.GetCallerIdentity));
        Assert.Equal(
            sessions.Select(c => c.AccessKey),
            _sts.Requests.Where(r => r.Action == LocalStsActions.GetCallerIdentity).Select(r => r.AccessKeyId));
    }

    [Fact]
    public async Task GetCallerIdentity_64ConcurrentCallersWhenSessionRevoked_OneAssumeRoleAllSucceed()
    {
        using var client = new RetryStsClient(_credentials, _sts.CreateStsConfig());
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        _sts.RevokeAllSessions();
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(calls);

        // Every count in the message when one is off: a failure under load must say what LocalSts saw.
        var seen = _sts.Counters.ToString();
        Assert.Equal(64, responses.Length);
        Assert.All(responses, r => Assert.Equal(_sts.AccountId, r.Account));
        Assert.True(_sts.Counters.Succeeded(LocalStsActions.AssumeRole) == 2, "AssumeRole should succeed twice; LocalSts saw " + seen);
        Assert.True(_sts.Counters.Succeeded(LocalStsActions.GetCallerIdentity) == 65, "GetCallerIdentity should succeed 65 times; LocalSts saw " + seen);
    }

    private void AssertRecoveredOnce(string action, string expiredCode)
    {
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.Equal(1, _sts.Counters.Count(action, expiredCode));
        Assert.Equal(2, _sts.Counters.Succeeded(action));
        var afterRevoke = _sts.Requests.Where(r => r.Action == action).Skip(1).ToList();
        Assert.Equal(2, afterRevoke.Count);
        Assert.NotEqual(afterRevoke[0].AccessKeyId, afterRevoke[1].AccessKeyId);
    }

    /// <summary>Hands out the next session each time the current one is invalidated.</summary>
    private sealed class SessionSequenceCredentials(IReadOnlyList<ImmutableCredentials> sessions) : AWSCredentials, Sts.Resilience.Credentials.IInvalidatableCredentials
    {
        private int _index;

        public override ImmutableCredentials GetCredentials() => sessions[Math.Min(Volatile.Read(ref _index), sessions.Count - 1)];

        public bool Invalidate(string rejectedAccessKeyId)
        {
            var current = Volatile.Read(ref _index);
            return sessions[current].AccessKey == rejectedAccessKeyId
                && current < sessions.Count - 1
                && Interlocked.CompareExchange(ref _index, current + 1, current) == current;
        }
    }
}
