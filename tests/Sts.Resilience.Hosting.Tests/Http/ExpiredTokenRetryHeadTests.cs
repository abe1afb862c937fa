using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Sts.Resilience.Tests.Http.Support;
using Sts.Resilience.Tests.Retry.Support;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.Retry;

/// <summary>S3 answers HEAD with a bare status: the retry counts it as expired only when the signing session is known to be.</summary>
[Collection(RetryTestGroup.Name)]
public sealed class ExpiredTokenRetryHeadTests
{
    public ExpiredTokenRetryHeadTests() => RetryTestRegistration.EnsureRegistered();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetObjectMetadata_BareRejection_RetriedOnlyWhenTheSigningSessionIsKnownExpired(bool knownExpired)
    {
        await using var server = await HttpTestServer.StartAsync();
        var first = await server.AssumeRoleAsync();
        var credentials = new SessionListCredentials([first, await server.AssumeRoleAsync()]);
        var config = server.Sts.CreateS3Config();
        config.MaxErrorRetry = 0;
        using var client = new RetryS3Client(credentials, config);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = "q4.txt", ContentBody = "x" });
        server.Sts.RevokeSession(first.AccessKey);
        credentials.ReportedExpiration = server.Time.GetUtcNow().UtcDateTime.AddMinutes(knownExpired ? -1 : 30);

        Task<GetObjectMetadataResponse> Head() => client.GetObjectMetadataAsync("reports", "q4.txt");

        if (knownExpired)
        {
            Assert.Equal(HttpStatusCode.OK, (await Head()).HttpStatusCode);
        }
        else
        {
            var ex = await Assert.ThrowsAnyAsync<AmazonS3Exception>(Head);
            Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
            Assert.IsNotType<ExpiredCredentialsException>(ex);
        }

        Assert.Equal(knownExpired ? 2 : 1, server.Sts.Requests.Count(r => r.Action == LocalStsActions.HeadObject));
    }
}
