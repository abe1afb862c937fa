using System.Net;
using System.Xml.Linq;
using Amazon.Runtime;
using Sts.Resilience.Http;
using Sts.Resilience.Tests.Http.Support;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Http;

/// <summary>Presigned URLs that outlive nothing: as long as asked for, or a clear statement that they cannot be.</summary>
public sealed class AwsPresignerTests
{
    private static readonly HttpClient Http = new();

    private static async Task PutAsync(HttpTestServer server, string content)
    {
        using var s3 = server.Sts.CreateS3Client(server.User.Credentials);
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "reports", Key = "q4.txt", ContentBody = content });
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(PresignedUrl url)
    {
        using var response = await Http.GetAsync(url.Uri);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<PresignedUrl> PresignAsync(HttpTestServer server, AWSCredentials credentials, TimeSpan lifetime)
        => AwsPresigner.PresignAsync(credentials, HttpMethod.Get, new Uri(new Uri(server.Sts.ServiceUrl), "/reports/q4.txt"), "s3", server.Sts.Region, lifetime, server.Time);

    [Fact]
    public async Task ThirtyMinutes_FromCredentialsWithTenMinutesLeft_NewSessionFirst_ValidTheWholeThirtyMinutes()
    {
        await using var server = await HttpTestServer.StartAsync();
        await PutAsync(server, "quarterly numbers");
        await using var credentials = server.CreateRoleCredentials(TimeSpan.FromHours(1));
        var old = await credentials.GetCredentialsAsync();
        server.Time.Advance(TimeSpan.FromMinutes(50));

        var url = await PresignAsync(server, credentials, TimeSpan.FromMinutes(30));

        Assert.True(url.IsValidForRequestedLifetime, url.Limitation);
        Assert.Null(url.Limitation);
        Assert.DoesNotContain(old.AccessKey, url.Uri.Query, StringComparison.Ordinal);
        Assert.Equal(server.Time.GetUtcNow().AddMinutes(30), url.ValidUntil, TimeSpan.FromSeconds(1));
        server.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal((HttpStatusCode.OK, "quarterly numbers"), await GetAsync(url));
        server.Time.Advance(TimeSpan.FromMinutes(2));
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Request has expired", XDocument.Parse(body).Root!.Element("Message")!.Value);
    }

    [Fact]
    public async Task TwoHours_RoleSessionsLastOneHour_SaysItCannotAndTheUrlDiesWithTheSession()
    {
        await using var server = await HttpTestServer.StartAsync();
        await PutAsync(server, "x");
        await using var credentials = server.CreateRoleCredentials(TimeSpan.FromHours(1));

        var url = await PresignAsync(server, credentials, TimeSpan.FromHours(2));

        Assert.False(url.IsValidForRequestedLifetime);
        Assert.Equal(url.CredentialsExpiration, url.ValidUntil);
        Assert.Contains("it dies with the session that signed it", url.Limitation, StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidOperationException>(() => url.EnsureValidForRequestedLifetime());
        Assert.Equal(url.Limitation, ex.Message);
        server.Time.Advance(TimeSpan.FromMinutes(61));
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ExpiredToken", XDocument.Parse(body).Root!.Element("Code")!.Value);
    }

    [Fact]
    public async Task SessionCredentialsOfUnknownExpiry_Flagged_LongTermKeysNot()
    {
        await using var server = await HttpTestServer.StartAsync();
        var session = await server.AssumeRoleAsync();

        var fromSession = await PresignAsync(server, new SessionAWSCredentials(session.AccessKey, session.SecretKey, session.Token), TimeSpan.FromMinutes(10));
        var fromUser = await PresignAsync(server, server.User.Credentials, TimeSpan.FromMinutes(10));

        Assert.False(fromSession.IsValidForRequestedLifetime);
        Assert.Contains("whose expiry is not known", fromSession.Limitation, StringComparison.Ordinal);
        Assert.True(fromUser.IsValidForRequestedLifetime);
    }

    [Fact]
    public async Task CredentialsChangeBetweenReads_UrlAndItsSessionVerdictFromOneRead()
    {
        await using var server = await HttpTestServer.StartAsync();
        await PutAsync(server, "quarterly numbers");
        var session = await server.AssumeRoleAsync();
        var credentials = new AlternatingSessions(session, server.User.Credentials.GetCredentials());

        var url = await PresignAsync(server, credentials, TimeSpan.FromMinutes(10));

        // The first read is the session: the URL carries its token and is flagged as a session of unknown expiry.
        Assert.Equal(1, credentials.Reads);
        Assert.Contains("X-Amz-Security-Token", url.Uri.Query, StringComparison.Ordinal);
        Assert.False(url.IsValidForRequestedLifetime);
        Assert.Equal((HttpStatusCode.OK, "quarterly numbers"), await GetAsync(url));
    }

    [Fact]
    public async Task Lifetime_OverSevenDays_Throws()
    {
        var credentials = new BasicAWSCredentials("AKIAEXAMPLEEXAMPLE00", "secret");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AwsPresigner.PresignAsync(
            credentials, HttpMethod.Get, new Uri("https://example-bucket.s3.amazonaws.com/k"), "s3", "us-east-1", TimeSpan.FromDays(8)));
    }
}
