using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.Imds;

public class InstanceMetadataTests
{
    private const string CredentialsPath = "/latest/meta-data/iam/security-credentials/";

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string url, string? token = null, int? ttl = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Add("X-aws-ec2-metadata-token", token);
        }

        if (ttl is not null)
        {
            request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", ttl.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static async Task<string> TokenAsync(LocalStsInstanceMetadata imds, int ttl = 21600)
    {
        var (status, body, response) = await SendAsync(HttpMethod.Put, imds.Endpoint + "/latest/api/token", ttl: ttl);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ttl.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-aws-ec2-metadata-token-ttl-seconds").Single());
        return body;
    }

    [Fact]
    public async Task ImdsV2_TokenThenRoleThenCredentials_SessionWorksOnSts()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var imds = f.Sts.CreateInstanceMetadata(f.Role);
        var token = await TokenAsync(imds);

        var role = await SendAsync(HttpMethod.Get, imds.Endpoint + CredentialsPath, token);
        var credentials = await SendAsync(HttpMethod.Get, imds.Endpoint + CredentialsPath + role.Body, token);

        Assert.Equal("app", role.Body);
        using var json = JsonDocument.Parse(credentials.Body);
        var body = json.RootElement;
        Assert.Equal(["Code", "LastUpdated", "Type", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Success", body.GetProperty("Code").GetString());
        Assert.Equal("AWS-HMAC", body.GetProperty("Type").GetString());
        using var sts = f.Sts.CreateStsClient(new SessionAWSCredentials(body.GetProperty("AccessKeyId").GetString(),
            body.GetProperty("SecretAccessKey").GetString(), body.GetProperty("Token").GetString()));
        var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal($"arn:aws:sts::123456789012:assumed-role/app/{imds.InstanceId}", caller.Arn);
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.GetImdsToken));
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.GetImdsRoleName));
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.GetImdsCredentials));
    }

    [Fact]
    public async Task ImdsV1Request_RequiredV2_Unauthorized_AllowedV1_Answered()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var imds = f.Sts.CreateInstanceMetadata(f.Role);

        var refused = await SendAsync(HttpMethod.Get, imds.Endpoint + CredentialsPath);
        imds.AllowImdsV1 = true;
        var answered = await SendAsync(HttpMethod.Get, imds.Endpoint + CredentialsPath);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains("401 - Unauthorized", refused.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answered.Status);
    }

    [Fact]
    public async Task ExpiredOrUnknownToken_Unauthorized_EvenWithImdsV1Allowed()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var imds = f.Sts.CreateInstanceMetadata(f.Role, o => o.AllowImdsV1 = true);
        var token = await TokenAsync(imds, ttl: 60);
        f.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, imds.Endpoint + CredentialsPath, token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, imds.Endpoint + CredentialsPath, "made-up")).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21601)]
    [InlineData(null)]
    public async Task PutToken_TtlMissingOrOutOfRange_BadRequest(int? ttl)
    {
        await using var f = await LocalStsFixture.StartAsync();
        var imds = f.Sts.CreateInstanceMetadata(f.Role);

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, imds.Endpoint + "/latest/api/token", ttl: ttl)).Status);
    }

    [Fact]
    public async Task Credentials_OtherRoleName_NotFound_DoubleSlashPath_Accepted()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var imds = f.Sts.CreateInstanceMetadata(f.Role);
        var token = await TokenAsync(imds);

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, imds.Endpoint + CredentialsPath + "other", token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, imds.Endpoint + "/" + CredentialsPath + "app", token)).Status);
    }

    [Fact]
    public async Task Outage_Imds_RefusesEveryPath_UntilItEnds()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var imds = f.Sts.CreateInstanceMetadata(f.Role);
        f.Sts.Faults.StartOutage(TimeSpan.FromMinutes(30), LocalStsFault.InternalFailure, LocalStsServices.InstanceMetadata);

        Assert.Equal(HttpStatusCode.InternalServerError, (await SendAsync(HttpMethod.Put, imds.Endpoint + "/latest/api/token", ttl: 60)).Status);
        f.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.NotEmpty(await TokenAsync(imds));
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.GetImdsToken, "InternalServerError"));
    }

    [Fact]
    public async Task CreateInstanceMetadata_Twice_Throws()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.CreateInstanceMetadata(f.Role);

        Assert.Throws<InvalidOperationException>(() => f.Sts.CreateInstanceMetadata(f.Role));
    }
}

[Collection(ProcessEnvironmentTests.Name)]
public class SdkInstanceProfileCredentialsTests
{
    [Fact]
    public async Task InstanceProfileAWSCredentials_EndpointFromEnvironment_GetsLocalStsSessionOverImdsV2()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var imds = f.Sts.CreateInstanceMetadata(f.Role);
        using var env = new EnvironmentScope()
            .Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.Endpoint)
            .Set("AWS_EC2_METADATA_DISABLED", null);
        // AWSSDK.Core reads the endpoint variable once per process; make it read the one just set.
        ResetSdkMetadataEndpoint();
        var credentials = new InstanceProfileAWSCredentials();

        var immutable = await credentials.GetCredentialsAsync();

        env.Dispose();
        ResetSdkMetadataEndpoint();
        Assert.StartsWith("ASIA", immutable.AccessKey, StringComparison.Ordinal);
        Assert.True(f.Sts.Counters.Succeeded(LocalStsActions.GetImdsToken) >= 1);
        Assert.Equal(0, f.Sts.Counters.Failed(LocalStsActions.GetImdsCredentials));
        using var sts = f.Sts.CreateStsClient(credentials);
        var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal($"arn:aws:sts::123456789012:assumed-role/app/{imds.InstanceId}", caller.Arn);
    }

    /// <summary>
    /// AWSSDK.Core 4.1 caches the environment and profile settings (the IMDS endpoint among them) on first use; its own
    /// tests reset them the same way. Without this, a test process that built any SDK client earlier keeps the
    /// default endpoint, 169.254.169.254.
    /// </summary>
    private static void ResetSdkMetadataEndpoint()
    {
        var core = typeof(AWSCredentials).Assembly;
        var found = 0;
        foreach (var (typeName, method) in new[]
        {
            ("FallbackInternalConfigurationFactory", "Reset"),
            ("EC2InstanceMetadata", "ResetServiceEndpoint"),
        })
        {
            var type = core.GetTypes().Single(t => t.Name == typeName);
            var reset = type.GetMethod(method, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic);
            if (reset is not null && reset.GetParameters().Length == 0)
            {
                reset.Invoke(null, null);
                found++;
            }
        }

        Assert.True(found > 0, "AWSSDK.Core no longer has the reset methods this test relies on.");
    }
}
