using System.Net;
using System.Xml.Linq;
using Amazon.S3.Model;
using Sts.Resilience.Testing.Tests.ExecuteApi;

namespace Sts.Resilience.Testing.Tests.S3;

/// <summary>Presigned S3 URLs: valid until the earlier of X-Amz-Expires and the end of the session that signed them.</summary>
public class PresignedUrlTests
{
    private static readonly HttpClient Http = new();

    // Presigned URLs are judged by the session clock (the fixture's fake clock), so a test can let them expire.
    private static Task<LocalStsFixture> StartAsync() => LocalStsFixture.StartAsync();

    private static async Task PutAsync(LocalStsFixture f, string content)
    {
        using var client = f.Sts.CreateS3Client((await f.AssumeRoleAsync()).ToSdk());
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = "q4.txt", ContentBody = content });
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri url)
    {
        using var response = await Http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_WithinExpiresAndSession_ReturnsObject()
    {
        await using var f = await StartAsync();
        await PutAsync(f, "quarterly numbers");
        var session = (await f.AssumeRoleAsync()).ToSdk();
        var url = await SdkSigning.PresignAsync(f.Sts, HttpMethod.Get, "/reports/q4.txt", session, TimeSpan.FromMinutes(30), f.Time.GetUtcNow().UtcDateTime);
        f.Time.Advance(TimeSpan.FromMinutes(29));

        var (status, body) = await GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("quarterly numbers", body);
    }

    [Fact]
    public async Task Get_AfterXAmzExpires_AccessDeniedRequestHasExpired()
    {
        await using var f = await StartAsync();
        await PutAsync(f, "x");
        var user = f.User.Credentials;
        var signedAt = f.Time.GetUtcNow();
        var url = await SdkSigning.PresignAsync(f.Sts, HttpMethod.Get, "/reports/q4.txt", user, TimeSpan.FromMinutes(10), signedAt.UtcDateTime);
        f.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var (status, body) = await GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var error = XDocument.Parse(body).Root!;
        Assert.Equal("AccessDenied", error.Element("Code")!.Value);
        Assert.Equal("Request has expired", error.Element("Message")!.Value);
        Assert.Equal("600", error.Element("X-Amz-Expires")!.Value);
        Assert.Equal(LocalStsText.IsoSeconds(signedAt.AddMinutes(10)), error.Element("Expires")!.Value);
    }

    [Fact]
    public async Task Get_SessionExpiredBeforeXAmzExpires_ExpiredToken()
    {
        await using var f = await StartAsync();
        await PutAsync(f, "x");
        var session = (await f.AssumeRoleAsync(durationSeconds: 900)).ToSdk();
        var url = await SdkSigning.PresignAsync(f.Sts, HttpMethod.Get, "/reports/q4.txt", session, TimeSpan.FromHours(1), f.Time.GetUtcNow().UtcDateTime);
        f.Time.Advance(TimeSpan.FromMinutes(16));

        var (status, body) = await GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = XDocument.Parse(body).Root!;
        Assert.Equal("ExpiredToken", error.Element("Code")!.Value);
        Assert.Equal("The provided token has expired.", error.Element("Message")!.Value);
    }

    [Fact]
    public async Task Get_TamperedKeyInUrl_SignatureDoesNotMatch()
    {
        await using var f = await StartAsync();
        await PutAsync(f, "x");
        var url = await SdkSigning.PresignAsync(f.Sts, HttpMethod.Get, "/reports/q4.txt", f.User.Credentials, TimeSpan.FromMinutes(5), f.Time.GetUtcNow().UtcDateTime);

        var (status, body) = await GetAsync(new Uri(url.ToString().Replace("/q4.txt?", "/q5.txt?", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("SignatureDoesNotMatch", XDocument.Parse(body).Root!.Element("Code")!.Value);
    }

    [Fact]
    public async Task Get_ExpiresAboveSevenDays_AuthorizationQueryParametersError()
    {
        await using var f = await StartAsync();
        var url = await SdkSigning.PresignAsync(f.Sts, HttpMethod.Get, "/reports/q4.txt", f.User.Credentials, TimeSpan.FromMinutes(5), f.Time.GetUtcNow().UtcDateTime);

        var (status, body) = await GetAsync(new Uri(url.ToString().Replace("X-Amz-Expires=300", "X-Amz-Expires=604801", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = XDocument.Parse(body).Root!;
        Assert.Equal("AuthorizationQueryParametersError", error.Element("Code")!.Value);
        Assert.Equal("X-Amz-Expires must be less than a week (in seconds) that is; 604800", error.Element("Message")!.Value);
    }
}
