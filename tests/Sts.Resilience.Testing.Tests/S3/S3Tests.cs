using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Sts.Resilience.Testing.Tests.S3;

public class S3Tests
{
    private static AmazonS3Client NoRetryClient(LocalSts sts, AWSCredentials credentials)
    {
        var config = sts.CreateS3Config();
        config.MaxErrorRetry = 0;
        return new AmazonS3Client(credentials, config);
    }

    [Fact]
    public async Task ListBuckets_ClientWithOnlyServiceUrlAndAuthenticationRegion_Works()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = new AmazonS3Client(credentials.ToSdk(), new AmazonS3Config { ServiceURL = f.Sts.ServiceUrl, AuthenticationRegion = f.Sts.Region });

        var response = await client.ListBucketsAsync(new ListBucketsRequest());

        Assert.Equal(200, (int)response.HttpStatusCode);
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.ListBuckets));
    }

    [Fact]
    public async Task PutObject_SdkStreamingUpload_ChunkSignaturesVerifiedAndContentStored()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = f.Sts.CreateS3Client(credentials.ToSdk());
        var content = string.Concat(Enumerable.Repeat("0123456789abcdef", 10_000));

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = "2026/11/summary report.txt", ContentBody = content });
        using var get = await client.GetObjectAsync("reports", "2026/11/summary report.txt");
        using var reader = new StreamReader(get.ResponseStream);
        var buckets = await client.ListBucketsAsync(new ListBucketsRequest());

        Assert.Equal(content, await reader.ReadToEndAsync());
        Assert.Equal("reports", Assert.Single(buckets.Buckets).BucketName);
        var put = Assert.Single(f.Sts.Requests, r => r.Action == LocalStsActions.PutObject);
        Assert.Equal(LocalStsOutcomes.Success, put.Outcome);
        // The SDK signs every chunk and the checksum trailer over plain HTTP; the verifier checked the whole chain.
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", put.ContentSha256);
    }

    [Fact]
    public async Task ListBuckets_ExpiredSession_ExpiredToken400WithS3Message()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, credentials.ToSdk());
        f.Time.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListBucketsAsync(new ListBucketsRequest()));

        Assert.Equal("ExpiredToken", ex.ErrorCode);
        Assert.Equal(400, (int)ex.StatusCode);
        Assert.Equal("The provided token has expired.", ex.Message);
    }

    [Fact]
    public async Task PutObject_RevokedSession_ExpiredToken()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, credentials.ToSdk());
        f.Sts.RevokeAllSessions();

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = "k", ContentBody = "x" }));

        Assert.Equal("ExpiredToken", ex.ErrorCode);
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.PutObject, "ExpiredToken"));
    }

    [Fact]
    public async Task HeadObject_ExpiredSession_Bare400WithoutBody()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, credentials.ToSdk());
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = "k", ContentBody = "x" });
        f.Time.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync("reports", "k"));

        Assert.Equal(400, (int)ex.StatusCode);
        Assert.NotEqual("ExpiredToken", ex.ErrorCode);
        Assert.Equal("ExpiredToken", f.Sts.Requests[^1].Outcome);
    }

    [Fact]
    public async Task UnknownKey_InvalidAccessKeyId403()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = NoRetryClient(f.Sts, new BasicAWSCredentials("AKIAUNKNOWNUNKNOWN00", "secret"));

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListBucketsAsync(new ListBucketsRequest()));

        Assert.Equal("InvalidAccessKeyId", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
    }

    [Fact]
    public async Task WrongToken_InvalidToken400()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, "bogus"));

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListBucketsAsync(new ListBucketsRequest()));

        Assert.Equal("InvalidToken", ex.ErrorCode);
        Assert.Equal(400, (int)ex.StatusCode);
    }

    [Fact]
    public async Task ServerClockSkewed_RequestTimeTooSkewed()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.SetClockSkew(TimeSpan.FromMinutes(-30));
        using var client = NoRetryClient(f.Sts, f.User.Credentials);

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListBucketsAsync(new ListBucketsRequest()));

        Assert.Equal("RequestTimeTooSkewed", ex.ErrorCode);
        Assert.Equal(403, (int)ex.StatusCode);
    }

    [Fact]
    public async Task GetObject_MissingKey_NoSuchKey()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = NoRetryClient(f.Sts, f.User.Credentials);

        var ex = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync("reports", "missing"));

        Assert.Equal("NoSuchKey", ex.ErrorCode);
        Assert.Equal(404, (int)ex.StatusCode);
    }
}
