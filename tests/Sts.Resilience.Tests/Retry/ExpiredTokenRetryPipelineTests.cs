using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Retry;

/// <summary>
/// The retry inside real SDK clients: marshalling, signing, the SDK's retry handler and unmarshalling all run;
/// only the HTTP exchange is scripted. LocalSts-based tests cover the same against a real server.
/// </summary>
[Collection(RetryTestGroup.Name)]
public sealed class ExpiredTokenRetryPipelineTests
{
    public ExpiredTokenRetryPipelineTests()
    {
        RetryTestRegistration.EnsureRegistered();

        // These tests read the advice from the opt-in replacement; ExceptionTypeTests cover the default.
        ExpiredTokenRetry.ThrowExpiredCredentialsException = true;
    }

    [Fact]
    public async Task GetCallerIdentityAsync_SessionExpired_InvalidatesRejectedKeyAndRetriesOnceWithNewKey()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"), ScriptedResponse.CallerIdentity());
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http);

        var response = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("123456789012", response.Account);
        Assert.Equal([InvalidatableTestCredentials.KeyOf(1), InvalidatableTestCredentials.KeyOf(2)], http.Seen.Select(r => r.AccessKeyId));
        Assert.Equal(["token-1", "token-2"], http.Seen.Select(r => r.SecurityToken));
        Assert.Equal([InvalidatableTestCredentials.KeyOf(1)], credentials.Invalidations);
        Assert.StartsWith("attempt=2;", http.Seen[1].Attempt, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCallerIdentity_SynchronousPipeline_RecoversTheSameWay()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"), ScriptedResponse.CallerIdentity());
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http);

        var response = client.GetCallerIdentitySync(new GetCallerIdentityRequest());

        Assert.Equal("123456789012", response.Account);
        Assert.Equal([InvalidatableTestCredentials.KeyOf(1), InvalidatableTestCredentials.KeyOf(2)], http.Seen.Select(r => r.AccessKeyId));
    }

    [Fact]
    public async Task GetCallerIdentityAsync_RejectedAgainAfterRetry_ThrowsExpiredCredentialsExceptionWithoutSecondRetry()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"));
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http);

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal(2, http.Seen.Count);
        Assert.True(exception.Retried);
        Assert.Equal("ExpiredToken", exception.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.IsType<AmazonSecurityTokenServiceException>(exception.InnerException, exactMatch: false);
        Assert.Contains("retried once, signed with access key id ending in 0002", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(InvalidatableTestCredentials.KeyOf(1), exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token-", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_RefreshKeepsSameKey_SaysTheRefreshIsFailing()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"));
        using var client = CreateSts(new InvalidatableTestCredentials(refreshes: false), http);

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal(2, http.Seen.Count);
        Assert.Contains("The credentials did not change: their refresh is failing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_SessionAWSCredentials_NotRetriedAndExplainsTheFix()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"));
        using var client = CreateSts(new SessionAWSCredentials("ASIASTATICSESSION123", "secret-static", "token-static"), http);

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Single(http.Seen);
        Assert.False(exception.Retried);
        Assert.Equal(typeof(SessionAWSCredentials), exception.CredentialsType);
        Assert.Null(exception.Expiration);
        Assert.Contains("ending in N123, from SessionAWSCredentials", exception.Message, StringComparison.Ordinal);
        Assert.Contains("RefreshingRoleCredentials", exception.Message, StringComparison.Ordinal);
        Assert.Contains("role_arn and source_profile", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIASTATICSESSION123", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccessDenied")]
    [InlineData("InvalidClientTokenId")]
    [InlineData("SignatureDoesNotMatch")]
    public async Task GetCallerIdentityAsync_ErrorNotAboutExpiry_LeftAsTheSdkThrowsIt(string code)
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError(code));
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http);

        var exception = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal(code, exception.ErrorCode);
        Assert.Single(http.Seen);
        Assert.Empty(credentials.Invalidations);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentityAsync_WebIdentityTokenExpired_NotRetried()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredTokenException", HttpStatusCode.BadRequest));
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http);

        var exception = await Assert.ThrowsAsync<Amazon.SecurityToken.Model.ExpiredTokenException>(() => client.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/web",
            RoleSessionName = "web",
            WebIdentityToken = "expired-oidc-token",
        }));

        Assert.Equal("ExpiredTokenException", exception.ErrorCode);
        Assert.Single(http.Seen);
        Assert.Empty(credentials.Invalidations);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_Throttling_RetriedByTheSdkExactlyAsWithoutTheHandler()
    {
        var registered = new ScriptedAwsHttp(ScriptedResponse.StsError("Throttling", HttpStatusCode.BadRequest));
        var unregistered = new ScriptedAwsHttp(ScriptedResponse.StsError("Throttling", HttpStatusCode.BadRequest));
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, registered, maxErrorRetry: 1);
        using var plain = new UnregisteredStsClient(credentials, StsConfig(unregistered, maxErrorRetry: 1));

        var withHandler = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        var withoutHandler = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => plain.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal(withoutHandler.GetType(), withHandler.GetType());
        Assert.Equal("Throttling", withHandler.ErrorCode);
        Assert.Equal(unregistered.Seen.Count, registered.Seen.Count);
        Assert.Equal(2, registered.Seen.Count);
        Assert.Empty(credentials.Invalidations);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_RequestExpiredWithGoodTimestamp_TreatedAsExpiry()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("RequestExpired", HttpStatusCode.BadRequest), ScriptedResponse.CallerIdentity());
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http);

        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(2, http.Seen.Count);
        Assert.Equal([InvalidatableTestCredentials.KeyOf(1)], credentials.Invalidations);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_RequestExpiredWithSkewedTimestamp_LeftToTheSdkClockCorrection()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("RequestExpired", HttpStatusCode.BadRequest, dateOffset: TimeSpan.FromMinutes(20)));
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http, maxErrorRetry: 0);

        var exception = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.IsNotType<ExpiredCredentialsException>(exception);
        Assert.Equal("RequestExpired", exception.ErrorCode);
        Assert.Empty(credentials.Invalidations);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_ExpiredTokenAndHostClockOff_AdvisesCheckingTheClock()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken", dateOffset: TimeSpan.FromMinutes(-90.5)));
        using var client = CreateSts(new SessionAWSCredentials("ASIASTATICSESSION123", "secret", "token"), http);

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Contains("Check the host clock: it is 1 h 30 min ahead of the service's clock", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_SdkRefreshingCredentials_ClearedAndRegenerated()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"), ScriptedResponse.CallerIdentity());
        using var credentials = new CountingRefreshingCredentials();
        using var client = CreateSts(credentials, http);

        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(2, credentials.Generated);
        Assert.Equal(["ASIASDKREFRESH000001", "ASIASDKREFRESH000002"], http.Seen.Select(r => r.AccessKeyId));
    }

    [Fact]
    public async Task GetCallerIdentityAsync_64ConcurrentCallersRejectedTogether_OneRefreshAndAllSucceed()
    {
        var http = new ScriptedAwsHttp(seen => seen.AccessKeyId == InvalidatableTestCredentials.KeyOf(1)
            ? ScriptedResponse.StsError("ExpiredToken")
            : ScriptedResponse.CallerIdentity());
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateSts(credentials, http);
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal("123456789012", r.Account));
        Assert.Equal(2, credentials.Session);
        Assert.All(credentials.Invalidations, key => Assert.Equal(InvalidatableTestCredentials.KeyOf(1), key));
        Assert.True(http.Seen.Count(r => r.AccessKeyId == InvalidatableTestCredentials.KeyOf(2)) == 64, "every caller succeeds with the new session");
    }

    [Fact]
    public async Task GetCallerIdentityAsync_AdaptiveRetryMode_RecoversToo()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"), ScriptedResponse.CallerIdentity());
        var config = StsConfig(http);
        config.RetryMode = RequestRetryMode.Adaptive;
        using var client = new RetryStsClient(new InvalidatableTestCredentials(), config);

        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal([InvalidatableTestCredentials.KeyOf(1), InvalidatableTestCredentials.KeyOf(2)], http.Seen.Select(r => r.AccessKeyId));
    }

    [Fact]
    public async Task ListTablesAsync_StaticCredentials_KeepsTheServiceErrorCodeForExistingCatchBlocks()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.DynamoError("ExpiredTokenException"));
        using var client = new RetryDynamoDBClient(new SessionAWSCredentials("ASIASTATICSESSION123", "s", "t"), new AmazonDynamoDBConfig
        {
            ServiceURL = http.ServiceUrl,
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = http.Factory,
        });

        var exception = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.ListTablesAsync(new ListTablesRequest()));

        var expired = Assert.IsType<ExpiredCredentialsException>(exception);
        Assert.Equal("ExpiredTokenException", expired.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.IsType<AmazonDynamoDBException>(expired.InnerException, exactMatch: false);
        Assert.StartsWith("DynamoDB ListTables was rejected", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTablesAsync_DynamoDbExpiredTokenException_Recovers()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.DynamoError("ExpiredTokenException"), ScriptedResponse.DynamoTables());
        var credentials = new InvalidatableTestCredentials();
        using var client = new RetryDynamoDBClient(credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = http.ServiceUrl,
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = http.Factory,
        });

        var response = await client.ListTablesAsync(new ListTablesRequest());

        Assert.Equal(["t1"], response.TableNames);
        Assert.Equal([InvalidatableTestCredentials.KeyOf(1), InvalidatableTestCredentials.KeyOf(2)], http.Seen.Select(r => r.AccessKeyId));
    }

    [Fact]
    public async Task ListBucketsAsync_SignerKeepsNoResult_KeyReadFromAuthorizationHeaderAndRecovers()
    {
        // S3 ListBuckets leaves IRequest.AWS4SignerResult empty; the rejected key comes from the Authorization header.
        var http = new ScriptedAwsHttp(
            ScriptedResponse.S3Error("ExpiredToken"),
            ScriptedResponse.Xml(HttpStatusCode.OK, "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>o</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>"));
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateS3(credentials, http);

        await client.ListBucketsAsync(new ListBucketsRequest());

        Assert.Equal([InvalidatableTestCredentials.KeyOf(1)], credentials.Invalidations);
        Assert.Equal([InvalidatableTestCredentials.KeyOf(1), InvalidatableTestCredentials.KeyOf(2)], http.Seen.Select(r => r.AccessKeyId));
    }

    [Fact]
    public async Task PutObjectAsync_SeekableBody_RetriedWithTheWholeBodyAgain()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.S3Error("ExpiredToken"), ScriptedResponse.S3Ok());
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateS3(credentials, http);
        using var body = new MemoryStream("hello expired world"u8.ToArray());

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bucket", Key = "key", InputStream = body });

        Assert.Equal(2, http.Seen.Count);
        Assert.All(http.Seen, r => Assert.Contains("hello expired world", r.Body, StringComparison.Ordinal));
        Assert.Equal(InvalidatableTestCredentials.KeyOf(2), http.Seen[1].AccessKeyId);
    }

    [Fact]
    public async Task PutObjectAsync_NonSeekableBody_NotRetriedButCredentialsInvalidatedForTheNextCall()
    {
        var http = new ScriptedAwsHttp(ScriptedResponse.S3Error("ExpiredToken"), ScriptedResponse.S3Ok());
        var credentials = new InvalidatableTestCredentials();
        using var client = CreateS3(credentials, http);
        using var body = new NonSeekableStream("streamed body"u8.ToArray());

        var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "bucket",
            Key = "key",
            InputStream = body,
            Headers = { ContentLength = 13 },
        }));

        Assert.Single(http.Seen);
        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Contains("cannot be rewound (CanSeek is false)", exception.Message, StringComparison.Ordinal);
        Assert.Equal([InvalidatableTestCredentials.KeyOf(1)], credentials.Invalidations);
        Assert.Equal(2, credentials.Session);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_Recovered_CountsAndLogsTheRetry()
    {
        RetryTestRegistration.Logs.Clear();
        using var measurements = new RetryMeasurements();
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"), ScriptedResponse.CallerIdentity());
        using var client = CreateSts(new InvalidatableTestCredentials(), http);

        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal([(1L, "recovered", "STS")], measurements.Values);
        var events = RetryTestRegistration.Logs.Entries.Where(e => e.Category == ExpiredTokenRetry.CustomizerName).ToList();
        Assert.Equal([2001, 2002], events.Select(e => e.EventId.Id));
        Assert.Contains("STS GetCallerIdentity was rejected with ExpiredToken", events[0].Message, StringComparison.Ordinal);
        Assert.Contains("ending in 0001", events[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(InvalidatableTestCredentials.KeyOf(1), events[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_NotRefreshable_CountedAsSuch()
    {
        using var measurements = new RetryMeasurements();
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"));
        using var client = CreateSts(new SessionAWSCredentials("ASIASTATICSESSION123", "secret", "token"), http);

        await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal([(1L, "not_refreshable", "STS")], measurements.Values);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_FailedAgain_CountedAsSuch()
    {
        using var measurements = new RetryMeasurements();
        var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"));
        using var client = CreateSts(new InvalidatableTestCredentials(), http);

        await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal([(1L, "failed_again", "STS")], measurements.Values);
    }

    internal static AmazonSecurityTokenServiceConfig StsConfig(ScriptedAwsHttp http, int maxErrorRetry = 3) => new()
    {
        ServiceURL = http.ServiceUrl,
        AuthenticationRegion = "us-east-1",
        HttpClientFactory = http.Factory,
        MaxErrorRetry = maxErrorRetry,
    };

    private static RetryStsClient CreateSts(AWSCredentials credentials, ScriptedAwsHttp http, int maxErrorRetry = 3)
        => new(credentials, StsConfig(http, maxErrorRetry));

    private static RetryS3Client CreateS3(AWSCredentials credentials, ScriptedAwsHttp http) => new(credentials, new AmazonS3Config
    {
        ServiceURL = http.ServiceUrl,
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        HttpClientFactory = http.Factory,
    });
}
