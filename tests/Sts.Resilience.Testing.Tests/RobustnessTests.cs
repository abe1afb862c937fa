using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests;

/// <summary>Bad input gets the error a real client would get, and the server keeps serving.</summary>
public class RobustnessTests
{
    private static readonly HttpClient Http = new();

    private static async Task AssertStillServes(LocalStsFixture f)
    {
        using var client = f.Sts.CreateStsClient(f.User.Credentials);
        Assert.Equal(f.User.Arn, (await client.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
    }

    [Fact]
    public async Task UnsignedRequest_MissingAuthenticationToken_InStsErrorShape()
    {
        await using var f = await LocalStsFixture.StartAsync();

        using var response = await Http.SendAsync(TestSigner.StsPost(f.Sts, "Action=GetCallerIdentity&Version=2011-06-15"));
        var error = await AwsErrorXml.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new AwsErrorXml("Sender", "MissingAuthenticationToken", "Request is missing Authentication Token", error.RequestId), error);
        Assert.Equal(error.RequestId, response.Headers.GetValues("x-amzn-RequestId").Single());
        await AssertStillServes(f);
    }

    [Theory]
    [InlineData("Action=Frobnicate&Version=2011-06-15", "InvalidAction", "Could not find operation Frobnicate for version 2011-06-15")]
    [InlineData("Action=GetCallerIdentity", "InvalidAction", "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED")]
    [InlineData("Version=2011-06-15", "MissingAction", "Missing Action")]
    [InlineData("%%%&&==&Action", "MissingAction", "Missing Action")]
    public async Task SignedRequest_BadAction_QueryProtocolError(string form, string code, string message)
    {
        await using var f = await LocalStsFixture.StartAsync();
        var body = Encoding.UTF8.GetBytes(form);
        using var request = TestSigner.Sign(TestSigner.StsPost(f.Sts, form), f.User.AccessKeyId, f.User.SecretAccessKey,
            f.Sts.Region, "sts", TimeProvider.System.GetUtcNow(), body: body);

        using var response = await Http.SendAsync(request);
        var error = await AwsErrorXml.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        await AssertStillServes(f);
    }

    [Fact]
    public async Task TestSigner_ValidRequest_Accepted()
    {
        // Guards the tests above: a request signed the same way, with a valid action, succeeds.
        await using var f = await LocalStsFixture.StartAsync();
        const string form = "Action=GetCallerIdentity&Version=2011-06-15";
        using var request = TestSigner.Sign(TestSigner.StsPost(f.Sts, form), f.User.AccessKeyId, f.User.SecretAccessKey,
            f.Sts.Region, "sts", TimeProvider.System.GetUtcNow(), body: Encoding.UTF8.GetBytes(form));

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(f.User.Arn, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/sts/aws4_request", "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.")]
    [InlineData("Bearer abc", "Unsupported AWS 'algorithm': 'Bearer'.")]
    public async Task MalformedAuthorization_IncompleteSignature(string authorization, string message)
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var request = TestSigner.StsPost(f.Sts, "Action=GetCallerIdentity&Version=2011-06-15");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await Http.SendAsync(request);
        var error = await AwsErrorXml.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("IncompleteSignature", error.Code);
        Assert.Equal(message, error.Message);
        await AssertStillServes(f);
    }

    [Fact]
    public async Task MissingAmzDate_IncompleteSignature()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var request = TestSigner.StsPost(f.Sts, "Action=GetCallerIdentity&Version=2011-06-15");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={f.User.AccessKeyId}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00");

        using var response = await Http.SendAsync(request);
        var error = await AwsErrorXml.ReadAsync(response);

        Assert.Equal("IncompleteSignature", error.Code);
        Assert.Equal("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", error.Message);
    }

    [Fact]
    public async Task OversizedBody_413InStsShape_ServerKeepsServing()
    {
        await using var f = await LocalStsFixture.StartAsync(o => o.MaxRequestBodyBytes = 4096);
        using var request = new HttpRequestMessage(HttpMethod.Post, f.Sts.ServiceUrl)
        {
            Content = new ByteArrayContent(new byte[10_000]) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded") } },
        };

        using var response = await Http.SendAsync(request);
        var error = await AwsErrorXml.ReadAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestEntityTooLarge", error.Code);
        Assert.Equal("Request body is larger than 4096 bytes.", error.Message);
        await AssertStillServes(f);
    }

    [Fact]
    public async Task OversizedChunkedBodyWithoutLength_413()
    {
        await using var f = await LocalStsFixture.StartAsync(o => o.MaxRequestBodyBytes = 4096);
        using var request = new HttpRequestMessage(HttpMethod.Post, f.Sts.ServiceUrl)
        {
            Content = new StreamContent(new MemoryStream(new byte[50_000])),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServes(f);
    }

    [Fact]
    public async Task UnsignedDynamoDbRequest_MissingAuthenticationTokenExceptionJson()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, f.Sts.ServiceUrl) { Content = new StringContent("{") };
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.ListTables");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("com.amazon.coral.service#MissingAuthenticationTokenException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsignedS3Request_AccessDeniedXml()
    {
        await using var f = await LocalStsFixture.StartAsync();

        using var response = await Http.GetAsync(f.Sts.ServiceUrl);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Error><Code>AccessDenied</Code><Message>Access Denied</Message>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageBytesAndOddMethods_NeverCrashTheServer()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var random = new Random(42);
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options })
        {
            var bytes = new byte[512];
            random.NextBytes(bytes);
            using var request = new HttpRequestMessage(method, f.Sts.ServiceUrl + "a/b%zz?Action=%ff") { Content = new ByteArrayContent(bytes) };
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=x/y/z/sts/aws4_request, SignedHeaders=host, Signature=1");
            request.Headers.TryAddWithoutValidation("X-Amz-Date", "not-a-date");
            using var response = await Http.SendAsync(request);
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        await AssertStillServes(f);
    }

    [Fact]
    public async Task SignatureError_DateHeaderCarriesTheSignatureClock_OtherResponsesTheSessionClock()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Time.Advance(TimeSpan.FromDays(1));
        const string form = "Action=GetCallerIdentity&Version=2011-06-15";

        using var ok = await Http.SendAsync(TestSigner.Sign(TestSigner.StsPost(f.Sts, form), f.User.AccessKeyId, f.User.SecretAccessKey,
            f.Sts.Region, "sts", TimeProvider.System.GetUtcNow(), body: Encoding.UTF8.GetBytes(form)));
        using var badSignature = await Http.SendAsync(TestSigner.Sign(TestSigner.StsPost(f.Sts, form), f.User.AccessKeyId, "wrong",
            f.Sts.Region, "sts", TimeProvider.System.GetUtcNow(), body: Encoding.UTF8.GetBytes(form)));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.InRange(ok.Headers.Date!.Value, f.Sts.UtcNow.AddMinutes(-1), f.Sts.UtcNow.AddMinutes(1));
        Assert.Equal(HttpStatusCode.Forbidden, badSignature.StatusCode);
        Assert.InRange(badSignature.Headers.Date!.Value, TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow().AddMinutes(1));
    }
}
