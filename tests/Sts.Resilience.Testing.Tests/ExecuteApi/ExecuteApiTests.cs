using System.Net;
using System.Text.Json;
using Amazon.Runtime;

namespace Sts.Resilience.Testing.Tests.ExecuteApi;

/// <summary>An API Gateway API with IAM authorization: signatures checked, and every rejection as API Gateway words it.</summary>
public class ExecuteApiTests
{
    private static readonly HttpClient Http = new();

    private static async Task<(HttpStatusCode Status, string? ErrorType, string Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request);
            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
            return (response.StatusCode, errorType, await response.Content.ReadAsStringAsync());
        }
    }

    private static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;

    [Fact]
    public async Task SignedRequest_ValidSession_EchoesMethodPathAndCaller()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = (await f.AssumeRoleAsync()).ToSdk();

        var (status, errorType, body) = await SendAsync(await SdkSigning.SignAsync(f.Sts, HttpMethod.Post, "/prod/pets/42?verbose=true&a=b c", session, body: "{\"name\":\"rex\"}"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(errorType);
        var echo = JsonDocument.Parse(body).RootElement;
        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("/prod/pets/42", echo.GetProperty("path").GetString());
        Assert.Equal($"arn:aws:sts::{f.Sts.AccountId}:assumed-role/app/test-session", echo.GetProperty("caller").GetString());
        Assert.Equal(14, echo.GetProperty("bodyLength").GetInt32());
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.ExecuteApi));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SignedRequest_ExpiredOrRevokedSession_403ExpiredTokenException(bool revoke)
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = (await f.AssumeRoleAsync()).ToSdk();
        if (revoke)
        {
            f.Sts.RevokeAllSessions();
        }
        else
        {
            f.Time.Advance(TimeSpan.FromHours(1));
        }

        var (status, errorType, body) = await SendAsync(await SdkSigning.SignAsync(f.Sts, HttpMethod.Get, "/prod/pets", session));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ExpiredTokenException", errorType);
        Assert.Equal("The security token included in the request is expired", Message(body));
    }

    [Fact]
    public async Task SignedRequest_UnknownKeyOrTamperedToken_403UnrecognizedClientException()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var assumed = await f.AssumeRoleAsync();
        var unknown = new SessionAWSCredentials("ASIAUNKNOWNUNKNOWN00", assumed.SecretAccessKey, assumed.SessionToken);
        var tampered = new SessionAWSCredentials(assumed.AccessKeyId, assumed.SecretAccessKey, assumed.SessionToken[..^2] + "xx");

        foreach (var credentials in new AWSCredentials[] { unknown, tampered })
        {
            var (status, errorType, body) = await SendAsync(await SdkSigning.SignAsync(f.Sts, HttpMethod.Get, "/prod/pets", credentials));

            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("UnrecognizedClientException", errorType);
            Assert.Equal("The security token included in the request is invalid.", Message(body));
        }
    }

    [Fact]
    public async Task SignedRequest_PathChangedAfterSigning_403InvalidSignatureException()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = (await f.AssumeRoleAsync()).ToSdk();
        var request = await SdkSigning.SignAsync(f.Sts, HttpMethod.Get, "/prod/pets", session);
        request.RequestUri = new Uri(request.RequestUri!, "/prod/admin");

        var (status, errorType, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("InvalidSignatureException", errorType);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedRequest_SignedSixMinutesAgo_403SignatureExpired()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = (await f.AssumeRoleAsync()).ToSdk();

        var request = await SdkSigning.SignAsync(f.Sts, HttpMethod.Get, "/prod/pets", session, signedAt: DateTime.UtcNow.AddMinutes(-6));
        var (status, errorType, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("InvalidSignatureException", errorType);
        Assert.StartsWith("Signature expired: ", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsignedRequestToExecuteApiHost_403MissingAuthenticationToken()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(f.Sts.ServiceUrl), "/prod/pets"));
        request.Headers.Host = "abc123.execute-api.us-east-1.amazonaws.com";

        var (status, errorType, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("MissingAuthenticationTokenException", errorType);
        Assert.Equal("Missing Authentication Token", Message(body));
    }

    [Fact]
    public async Task PresignedUrl_ValidSession_EchoesPath()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = (await f.AssumeRoleAsync()).ToSdk();
        var url = await SdkSigning.PresignAsync(f.Sts, HttpMethod.Get, "/prod/reports/2026", session, TimeSpan.FromMinutes(5), DateTime.UtcNow, "execute-api");

        var (status, _, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/prod/reports/2026", JsonDocument.Parse(body).RootElement.GetProperty("path").GetString());
    }
}
