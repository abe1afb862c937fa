using System.Text;
using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Tests.Engine;

public class DefaultChainTests
{
    [Theory]
    [InlineData("keys profile web container", nameof(ChainSource.EnvironmentKeys))]
    [InlineData("profile web container", nameof(ChainSource.WebIdentity))]
    [InlineData("profile container", nameof(ChainSource.Profile))]
    [InlineData("default container", nameof(ChainSource.Profile))]
    [InlineData("halfweb default", nameof(ChainSource.Profile))]
    [InlineData("web container", nameof(ChainSource.WebIdentity))]
    [InlineData("halfweb container", nameof(ChainSource.Container))]
    [InlineData("", nameof(ChainSource.InstanceMetadata))]
    [InlineData("disabled", nameof(ChainSource.None))]
    public void Resolve_SdkV4Order_FirstConfiguredSourceWins(string configured, string expected)
    {
        using var scenario = new DoctorScenario();
        scenario.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        var set = configured.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (set.Contains("keys"))
        {
            scenario.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
            scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        }

        if (set.Contains("profile"))
        {
            scenario.Environment["AWS_PROFILE"] = "dev";
        }

        if (set.Contains("default"))
        {
            scenario.WriteAwsFile("config", "[default]\nregion = eu-west-1\n");
        }

        if (set.Contains("web") || set.Contains("halfweb"))
        {
            scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token";
        }

        if (set.Contains("web"))
        {
            scenario.Environment["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/irsa";
        }

        if (set.Contains("container"))
        {
            scenario.Environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials";
        }

        if (set.Contains("disabled"))
        {
            scenario.Environment["AWS_EC2_METADATA_DISABLED"] = "TRUE";
        }

        var host = scenario.Host;
        Assert.Equal(Enum.Parse<ChainSource>(expected), DefaultChain.Resolve(host, AwsPaths.From(host)).Source);
    }

    [Theory]
    [InlineData("http://169.254.170.2/v2/credentials/x", true)]
    [InlineData("http://169.254.170.23/v1/credentials", true)]
    [InlineData("http://[fd00:ec2::23]/v1/credentials", true)]
    [InlineData("http://127.0.0.1:8080/creds", true)]
    [InlineData("http://127.1.2.3/creds", true)]
    [InlineData("http://[::1]/creds", true)]
    [InlineData("https://203.0.113.7/creds", true)]
    [InlineData("http://203.0.113.7/creds", false)]
    [InlineData("http://169.254.169.254/latest", false)]
    [InlineData("http://10.0.0.1/creds", false)]
    public async Task IsAllowedAsync_SdkHostRules(string uri, bool allowed) =>
        Assert.Equal(allowed, await ContainerCheck.IsAllowedAsync(new Uri(uri), CancellationToken.None));

    [Fact]
    public void JwtClaims_AudienceArray_ReadsExpIssAndEveryAudience()
    {
        var token = Jwt("""{"iss":"https://oidc.example","aud":["sts.amazonaws.com","other"],"exp":1900000000,"sub":"x"}""");

        var claims = JwtClaims.Parse(token);

        Assert.NotNull(claims);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1900000000), claims.Expires);
        Assert.Equal("https://oidc.example", claims.Issuer);
        Assert.Equal(["sts.amazonaws.com", "other"], claims.Audiences);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("a.b")]
    [InlineData("a.!!!.c")]
    [InlineData("eyJhbGciOiJub25lIn0.WzFd.c")]
    public void JwtClaims_NotAJwt_Null(string token) => Assert.Null(JwtClaims.Parse(token));

    private static string Jwt(string payload) =>
        "eyJhbGciOiJSUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";
}
