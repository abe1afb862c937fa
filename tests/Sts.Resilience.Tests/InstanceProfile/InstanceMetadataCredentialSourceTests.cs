using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.CredentialEndpoints;
using Sts.Resilience.InstanceProfile;

namespace Sts.Resilience.Tests.InstanceProfile;

/// <summary>
/// The IMDS source's static stability on answers LocalSts does not give (credentials that have already expired), through a
/// scripted handler: no socket is opened.
/// </summary>
public sealed class InstanceMetadataCredentialSourceTests : IDisposable
{
    private static readonly TimeSpan Extension = TimeSpan.FromMinutes(8);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedImds _imds = new();

    public void Dispose() => _imds.Dispose();

    private InstanceMetadataCredentialSource CreateSut() => new(
        new RefreshingInstanceProfileCredentialsOptions { Endpoint = "http://127.0.0.1:1" },
        _time,
        NullLogger.Instance,
        () => Extension,
        _imds);

    [Fact]
    public async Task FetchAsync_ImdsAnswersExpiredCredentials_LastSessionExtended()
    {
        using var sut = CreateSut();
        _imds.Answer("ASIAFIRST0000000AAAA", _time.GetUtcNow().AddHours(1));
        var first = await sut.FetchAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(58));
        _imds.Answer("ASIASTALE0000000BBBB", _time.GetUtcNow().AddMinutes(-1));
        var second = await sut.FetchAsync(CancellationToken.None);

        Assert.Equal("ASIAFIRST0000000AAAA", second.Credentials.AccessKey);
        Assert.Equal(_time.GetUtcNow() + Extension, second.Expiration);
        Assert.Null(second.ServerTime);
        Assert.Equal(first.Credentials.SecretKey, second.Credentials.SecretKey);
        Assert.Equal(1, sut.Extensions);
    }

    [Fact]
    public async Task FetchAsync_ExpiredCredentialsAndNoEarlierSession_ReturnedAsTheyAre_TheEngineRejectsThem()
    {
        using var sut = CreateSut();
        var expired = _time.GetUtcNow().AddMinutes(-1);
        _imds.Answer("ASIASTALE0000000BBBB", expired);

        var result = await sut.FetchAsync(CancellationToken.None);

        Assert.Equal(expired, result.Expiration);
        Assert.Equal(0, sut.Extensions);
    }

    [Fact]
    public async Task FetchAsync_ImdsFailsWhileTheLastSessionHasMoreThanFiveMinutes_Throws_NoExtension()
    {
        using var sut = CreateSut();
        _imds.Answer("ASIAFIRST0000000AAAA", _time.GetUtcNow().AddHours(1));
        await sut.FetchAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(50));
        _imds.Fail(HttpStatusCode.InternalServerError);

        var ex = await Assert.ThrowsAsync<CredentialEndpointException>(() => sut.FetchAsync(CancellationToken.None).AsTask());
        Assert.Equal(500, ex.StatusCode);
        Assert.Equal(0, sut.Extensions);
        Assert.Equal(1 + CredentialEndpointHttp.MaxAttempts, _imds.Requests.Count(r => r.Contains("security-credentials/role", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FetchAsync_BodyThatIsNotJson_ExtendsNearExpiry()
    {
        using var sut = CreateSut();
        _imds.Answer("ASIAFIRST0000000AAAA", _time.GetUtcNow().AddHours(1));
        await sut.FetchAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(59));
        _imds.Body("<html>oops</html>");
        var result = await sut.FetchAsync(CancellationToken.None);

        Assert.Equal("ASIAFIRST0000000AAAA", result.Credentials.AccessKey);
        Assert.Equal(1, sut.Extensions);
    }

    [Fact]
    public async Task FetchAsync_SendsTheTokenTtlAndTheToken_NeverWithoutAToken()
    {
        using var sut = CreateSut();
        _imds.Answer("ASIAFIRST0000000AAAA", _time.GetUtcNow().AddHours(1));

        await sut.FetchAsync(CancellationToken.None);

        Assert.Equal(
            ["PUT /latest/api/token ttl=21600", "GET /latest/meta-data/iam/security-credentials/ token=t-1", "GET /latest/meta-data/iam/security-credentials/role token=t-1"],
            _imds.Requests);
    }

    /// <summary>IMDS in a handler: a token per PUT, the role <c>role</c>, and the credentials the test sets.</summary>
    private sealed class ScriptedImds : HttpMessageHandler
    {
        private int _tokens;
        private Func<HttpResponseMessage> _credentials = () => new HttpResponseMessage(HttpStatusCode.NotFound);

        public List<string> Requests { get; } = [];

        public void Answer(string accessKeyId, DateTimeOffset expiration) => _credentials = () => Json(
            $$"""{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"{{accessKeyId}}","SecretAccessKey":"secret-{{accessKeyId}}","Token":"token","Expiration":"{{expiration.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}""");

        public void Body(string body) => _credentials = () => Json(body);

        public void Fail(HttpStatusCode status) => _credentials = () => new HttpResponseMessage(status);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Put)
            {
                Requests.Add($"PUT {path} ttl={request.Headers.GetValues("X-aws-ec2-metadata-token-ttl-seconds").Single()}");
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("t-" + ++_tokens) });
            }

            var token = request.Headers.TryGetValues("X-aws-ec2-metadata-token", out var values) ? values.Single() : "none";
            Requests.Add($"GET {path} token={token}");
            return Task.FromResult(path.EndsWith("/security-credentials/", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("role\n") }
                : _credentials());
        }

        private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
