using System.Text;
using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Tests.Engine;

public class DefaultChainTests
{
    [Theory]
    [InlineData("keys profile web container", nameof(DefaultChainSource.EnvironmentKeys))]
    [InlineData("profile web container", nameof(DefaultChainSource.WebIdentity))]
    [InlineData("profile container", nameof(DefaultChainSource.Profile))]
    [InlineData("default container", nameof(DefaultChainSource.Profile))]
    [InlineData("halfweb default", nameof(DefaultChainSource.Profile))]
    [InlineData("web container", nameof(DefaultChainSource.WebIdentity))]
    [InlineData("halfweb container", nameof(DefaultChainSource.Container))]
    [InlineData("", nameof(DefaultChainSource.InstanceMetadata))]
    [InlineData("disabled", nameof(DefaultChainSource.None))]
    [InlineData("regiononly container", nameof(DefaultChainSource.Container))]
    [InlineData("regiononly disabled", nameof(DefaultChainSource.None))]
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
            scenario.WriteAwsFile("credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = secret\n");
        }

        if (set.Contains("regiononly"))
        {
            // A [default] profile without credentials is passed over, as the SDK and FromDefaultChain do.
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
        Assert.Equal(Enum.Parse<DefaultChainSource>(expected), DefaultChain.Resolve(host).Source);
    }

    [Fact]
    public void Resolve_DefaultProfileWithoutCredentials_PassedOverAndSaidSo()
    {
        using var scenario = new DoctorScenario();
        scenario.WriteAwsFile("config", "[default]\nregion = eu-west-1\n");
        scenario.Environment["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/irsa";

        var pick = DefaultChain.Resolve(scenario.Host);

        Assert.Equal(DefaultChainSource.None, pick.Source);
        Assert.Equal(["web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set", "profile 'default': it holds no credentials"], pick.Skipped);
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
