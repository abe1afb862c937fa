using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Http.Support;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Http;

/// <summary>
/// The handler through <c>IHttpClientFactory</c> against LocalSts's API Gateway (IAM auth) and S3: real signatures, real
/// sessions, revocations rejected as the services reject them.
/// </summary>
public sealed class AwsSigV4HandlerTests
{
    private static async Task<JsonElement> EchoAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Get_SessionRevoked_OneRejectedRequestOneAssumeRoleAndTheResendSucceeds()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var credentials = server.CreateRoleCredentials();
        var (services, client) = server.CreateSignedClient("execute-api", credentials);
        await using var disposeServices = services;
        await server.WarmUpThenRevokeAsync(client);

        using var response = await client.GetAsync(new Uri("/prod/orders/7", UriKind.Relative));

        Assert.Equal("/prod/orders/7", (await EchoAsync(response)).GetProperty("path").GetString());
        Assert.Equal(1, server.Sts.Counters.Count(LocalStsActions.ExecuteApi, "ExpiredTokenException"));
        Assert.Equal(1, server.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.Equal(1, server.Sts.Counters.Succeeded(LocalStsActions.ExecuteApi));
    }

    [Fact]
    public async Task Get_CredentialsChangeBetweenReads_SignedFromOneReadAndAccepted()
    {
        await using var server = await HttpTestServer.StartAsync();
        var credentials = new AlternatingSessions(await server.AssumeRoleAsync(), await server.AssumeRoleAsync());
        var (services, client) = server.CreateSignedClient("execute-api", credentials);
        await using var disposeServices = services;

        using var response = await client.GetAsync(new Uri("/prod/orders/7", UriKind.Relative));

        // One read per signature: the token and the key come from the same session, so LocalSts accepts the pair.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, credentials.Reads);
    }

    [Fact]
    public async Task Post_NonSeekableBodyWithItsOwnHash_SessionRevoked_RejectionReturnedUnchangedAndNotResent()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var credentials = server.CreateRoleCredentials();
        var (services, client) = server.CreateSignedClient("execute-api", credentials);
        await using var disposeServices = services;
        await server.WarmUpThenRevokeAsync(client);
        var body = Encoding.UTF8.GetBytes("{\"order\":42}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/prod/orders", UriKind.Relative))
        {
            Content = new StreamContent(new NonSeekableStream(body)),
        };
        request.Headers.Add("x-amz-content-sha256", Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ExpiredTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("security token included in the request is expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, server.Sts.Counters.Count(LocalStsActions.ExecuteApi, "ExpiredTokenException"));
        Assert.Equal(0, server.Sts.Counters.Succeeded(LocalStsActions.ExecuteApi));
        // The credentials were still invalidated: the next call signs with a new session.
        using var next = await client.GetAsync(new Uri("/prod/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, server.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task Post_NonSeekableBodyWithoutHash_BufferedForHashing_SoTheResendCarriesIt()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var credentials = server.CreateRoleCredentials();
        var (services, client) = server.CreateSignedClient("execute-api", credentials);
        await using var disposeServices = services;
        await server.WarmUpThenRevokeAsync(client);

        using var response = await client.PostAsync(new Uri("/prod/orders", UriKind.Relative), new StreamContent(new NonSeekableStream(new byte[1000])));

        Assert.Equal(1000, (await EchoAsync(response)).GetProperty("bodyLength").GetInt32());
    }

    public static TheoryData<string> InMemoryBodies => ["bytes", "bytes-segment", "string", "form", "memory"];

    /// <summary>
    /// Bodies already in memory are hashed where they are (no buffer): LocalSts recomputes the payload hash from the bytes
    /// it received, so a wrong hash is a rejected request, on the first send and on the resend after the revocation.
    /// </summary>
    [Theory]
    [MemberData(nameof(InMemoryBodies))]
    public async Task Post_InMemoryBody_SessionRevoked_HashMatchesTheBytesSentAndTheResendSucceeds(string kind)
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var credentials = server.CreateRoleCredentials();
        var (services, client) = server.CreateSignedClient("execute-api", credentials);
        await using var disposeServices = services;
        await server.WarmUpThenRevokeAsync(client);
        var bytes = Encoding.UTF8.GetBytes("order=42&lines=7&note=caf%C3%A9");
        HttpContent content = kind switch
        {
            "bytes" => new ByteArrayContent(bytes),
            "bytes-segment" => new ByteArrayContent([0xFF, .. bytes, 0xFF], 1, bytes.Length),
            "string" => new StringContent("order=42&lines=7&note=caf%C3%A9"),
            "form" => new FormUrlEncodedContent([new("order", "42"), new("lines", "7"), new("note", "café")]),
            _ => new ReadOnlyMemoryContent(bytes),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/prod/orders", UriKind.Relative)) { Content = content };

        using var response = await client.SendAsync(request);

        Assert.Equal(bytes.Length, (await EchoAsync(response)).GetProperty("bodyLength").GetInt32());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), request.Headers.GetValues("X-Amz-Content-SHA256").Single());
        Assert.Equal(1, server.Sts.Counters.Count(LocalStsActions.ExecuteApi, "ExpiredTokenException"));
        Assert.Equal(1, server.Sts.Counters.Succeeded(LocalStsActions.ExecuteApi));
    }

    [Fact]
    public async Task Get_SessionAWSCredentialsExpired_ThrowsTheRetryHandlersActionableException()
    {
        await using var server = await HttpTestServer.StartAsync();
        var session = await server.AssumeRoleAsync();
        var credentials = new SessionAWSCredentials(session.AccessKey, session.SecretKey, session.Token);
        var (services, client) = server.CreateSignedClient("execute-api", credentials);
        await using var disposeServices = services;
        server.Time.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetAsync(new Uri("/prod/orders", UriKind.Relative)));

        Assert.Equal("ExpiredTokenException", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal(typeof(SessionAWSCredentials), ex.CredentialsType);
        Assert.False(ex.Retried);
        Assert.StartsWith("execute-api GET /prod/orders was rejected because the credentials that signed it have expired (ExpiredTokenException, HTTP 403).", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Not retried: these credentials cannot refresh", ex.Message, StringComparison.Ordinal);
        Assert.Contains("What to do: use Sts.Resilience.RefreshingRoleCredentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(session.SecretKey, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Sts.Counters.Count(LocalStsActions.ExecuteApi, "ExpiredTokenException"));
    }

    [Fact]
    public async Task S3_PutThenGet_SignedWithContentSha256AndStored()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var credentials = server.CreateRoleCredentials();
        var (services, client) = server.CreateSignedClient("s3", credentials);
        await using var disposeServices = services;

        using var put = await client.PutAsync(new Uri("/reports/2026/q4 summary.txt", UriKind.Relative), new StringContent("quarterly numbers"));
        using var get = await client.GetAsync(new Uri("/reports/2026/q4 summary.txt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("quarterly numbers", await get.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Sts.Counters.Succeeded(LocalStsActions.PutObject));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Head_BareS3Rejection_CountsAsExpiredOnlyWhenTheSigningSessionIsKnownExpired(bool knownExpired)
    {
        await using var server = await HttpTestServer.StartAsync();
        var first = await server.AssumeRoleAsync();
        var second = await server.AssumeRoleAsync();
        var credentials = new SessionListCredentials([first, second]);
        var (services, client) = server.CreateSignedClient("s3", credentials);
        await using var disposeServices = services;
        using (await client.PutAsync(new Uri("/reports/q4.txt", UriKind.Relative), new StringContent("x")))
        {
        }

        server.Sts.RevokeSession(first.AccessKey);
        credentials.ReportedExpiration = knownExpired ? server.Time.GetUtcNow().UtcDateTime.AddMinutes(-1) : server.Time.GetUtcNow().UtcDateTime.AddMinutes(30);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/reports/q4.txt", UriKind.Relative)));

        Assert.Equal(knownExpired ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(knownExpired ? 2 : 1, server.Sts.Requests.Count(r => r.Action == LocalStsActions.HeadObject));
    }

    [Fact]
    public void Constructor_EmptyServiceOrRegion_Throws()
    {
        var credentials = new BasicAWSCredentials("AKIAEXAMPLEEXAMPLE00", "secret");

        Assert.Throws<ArgumentException>(() => new Sts.Resilience.Http.AwsSigV4Handler(credentials, "", "us-east-1"));
        Assert.Throws<ArgumentException>(() => new Sts.Resilience.Http.AwsSigV4Handler(credentials, "execute-api", ""));
        Assert.Throws<ArgumentNullException>(() => new Sts.Resilience.Http.AwsSigV4Handler(null!, "execute-api", "us-east-1"));
    }
}
