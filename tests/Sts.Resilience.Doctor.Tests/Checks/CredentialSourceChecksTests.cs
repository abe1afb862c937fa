using System.Text;
using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Cli;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Tests.Checks;

/// <summary>The web identity, container and instance metadata checks on their own, without STS.</summary>
public class CredentialSourceChecksTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/irsa";

    [Fact]
    public async Task WebIdentity_TokenFileMissing_ProblemNamesTheFileNotTheToken()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = Path.Combine(scenario.Home, "absent");
        scenario.Environment["AWS_ROLE_ARN"] = RoleArn;

        var finding = Assert.Single(await RunAsync(new WebIdentityCheck(), scenario));

        Assert.Equal(("web-identity.token-unreadable", Severity.Problem), (finding.Id, finding.Severity));
        Assert.Equal(Path.Combine(scenario.Home, "absent"), finding.File);
    }

    [Fact]
    public async Task WebIdentity_FileIsNotAJwt_Problem()
    {
        using var scenario = new DoctorScenario();
        var path = Path.Combine(scenario.Home, "token");
        await File.WriteAllTextAsync(path, "not-a-token");
        scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = path;
        scenario.Environment["AWS_ROLE_ARN"] = RoleArn;

        var finding = Assert.Single(await RunAsync(new WebIdentityCheck(), scenario));

        Assert.Equal("web-identity.not-a-jwt", finding.Id);
        Assert.DoesNotContain("not-a-token", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "web-identity.no-role-arn")]
    [InlineData("arn:aws:iam::123456789012:user/alice", "web-identity.bad-role-arn")]
    public async Task WebIdentity_RoleArnMissingOrNotARole_ProblemBesideTheTokenFinding(string? roleArn, string id)
    {
        using var scenario = new DoctorScenario();
        var path = Path.Combine(scenario.Home, "token");
        await File.WriteAllTextAsync(path, Jwt(scenario.Now + TimeSpan.FromHours(2)));
        scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = path;
        if (roleArn is not null)
        {
            scenario.Environment["AWS_ROLE_ARN"] = roleArn;
        }

        var findings = await RunAsync(new WebIdentityCheck(), scenario);

        Assert.Equal([id, "web-identity.ok"], findings.Select(f => f.Id));
        Assert.Equal(Severity.Problem, findings[0].Severity);
    }

    [Fact]
    public async Task WebIdentity_RoleArnWithoutTokenFile_Problem()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_ROLE_ARN"] = RoleArn;

        var finding = Assert.Single(await RunAsync(new WebIdentityCheck(), scenario));

        Assert.Equal("web-identity.no-token-file", finding.Id);
    }

    [Theory]
    [InlineData("http://203.0.113.7/creds")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/x")]
    public async Task Container_PlainHttpToAHostTheSdksRefuse_ProblemWithoutARequest(string uri)
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri;

        var finding = Assert.Single(await RunAsync(new ContainerCheck(), scenario));

        // Had a request been made, the loopback guard would have turned it into an internal error instead.
        Assert.Equal(("container.uri-not-allowed", Severity.Problem), (finding.Id, finding.Severity));
    }

    [Fact]
    public async Task Container_TokenFileMissing_ProblemWithoutARequest()
    {
        using var scenario = new DoctorScenario();
        using var closed = new ClosedPort();
        scenario.Environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = closed.Url + "/v1/credentials";
        scenario.Environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = Path.Combine(scenario.Home, "absent");

        var finding = Assert.Single(await RunAsync(new ContainerCheck(), scenario));

        Assert.Equal("container.token-file-unreadable", finding.Id);
    }

    [Fact]
    public async Task InstanceMetadata_EndpointNeverAnswers_UnreachableFindingInsteadOfAHang()
    {
        using var scenario = new DoctorScenario();
        await using var silent = new RawHttpServer(() => null, silent: true);
        scenario.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        scenario.Environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = silent.Url.ToString();

        var finding = Assert.Single(await RunAsync(new InstanceMetadataCheck(), scenario, TimeSpan.FromSeconds(1)));

        Assert.Equal("imds.unreachable", finding.Id);
        Assert.Contains("no answer within 1 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstanceMetadata_AnEarlierSourceIsConfigured_NotAsked()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        scenario.Environment["AWS_PROFILE"] = "dev";

        var finding = Assert.Single(await RunAsync(new InstanceMetadataCheck(), scenario));

        Assert.Equal("imds.not-needed", finding.Id);
    }

    private static async Task<IReadOnlyList<Finding>> RunAsync(IDoctorCheck check, DoctorScenario scenario, TimeSpan? timeout = null)
    {
        var host = scenario.Host;
        var options = new DoctorOptions { Timeout = timeout ?? DoctorOptions.DefaultTimeout };
        var credentials = CredentialResolver.Resolve(host, options, AwsPaths.From(host));
        using var context = new DoctorContext(host, options, credentials, new StsGateway(new Uri("http://127.0.0.1:9/"), true, "us-east-1", TimeSpan.FromSeconds(1), host.Time));
        return await check.RunAsync(context, CancellationToken.None);
    }

    private static string Jwt(DateTimeOffset expires) =>
        "eyJhbGciOiJSUzI1NiJ9."
        + Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"iss":"https://oidc.example","aud":"sts.amazonaws.com","exp":{{expires.ToUnixTimeSeconds()}}}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        + ".c2ln";
}
