using Sts.Resilience.Profiles;
using Sts.Resilience.Retry;

namespace Sts.Resilience.Tests.Retry;

public sealed class StaticSessionProfileLocatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sts-retry-profiles-").FullName;

    [Fact]
    public void Find_ProfileWithKeyAndStaticToken_ReturnsProfileAndFile()
    {
        var credentials = Write("credentials", """
            [default]
            aws_access_key_id = AKIALONGTERMKEY00001
            aws_secret_access_key = secret

            [dev]
            aws_access_key_id = ASIASTATICSESSION123
            aws_secret_access_key = secret
            aws_session_token = token
            """);

        var found = StaticSessionProfileLocator.Find("ASIASTATICSESSION123", Locations(credentials: credentials));

        Assert.Equal(("dev", credentials), found);
    }

    [Fact]
    public void Find_ConfigFileProfilePrefix_ReturnsBareProfileName()
    {
        var config = Write("config", """
            [profile ci]
            aws_access_key_id=ASIASTATICSESSION123
            aws_session_token=token
            [profile other]
            region = us-east-1
            """);

        Assert.Equal(("ci", config), StaticSessionProfileLocator.Find("ASIASTATICSESSION123", Locations(config: config)));
    }

    [Fact]
    public void Find_TokenInConfigKeyInCredentials_NamesTheFileHoldingTheToken()
    {
        var config = Write("config", """
            [profile ci]
            aws_session_token = token
            """);
        var credentials = Write("credentials", """
            [ci]
            aws_access_key_id = ASIASTATICSESSION123
            aws_secret_access_key = secret
            """);

        Assert.Equal(("ci", config), StaticSessionProfileLocator.Find("ASIASTATICSESSION123", Locations(config, credentials)));
    }

    [Fact]
    public void Find_ConfigSectionWithoutProfilePrefix_IgnoredAsTheCliDoes()
    {
        var config = Write("config", """
            [ci]
            aws_access_key_id = ASIASTATICSESSION123
            aws_session_token = token
            """);

        Assert.Null(StaticSessionProfileLocator.Find("ASIASTATICSESSION123", Locations(config: config)));
    }

    [Fact]
    public void Find_KeyWithoutSessionToken_NotFound()
    {
        var credentials = Write("credentials", """
            [dev]
            aws_access_key_id = ASIASTATICSESSION123
            aws_secret_access_key = secret
            """);

        Assert.Null(StaticSessionProfileLocator.Find("ASIASTATICSESSION123", Locations(credentials: credentials)));
    }

    [Fact]
    public void Find_NoFile_NotFound()
        => Assert.Null(StaticSessionProfileLocator.Find("ASIASTATICSESSION123", Locations()));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ProfileFileLocations Locations(string? config = null, string? credentials = null)
        => new(config ?? Path.Combine(_folder, "missing-config"), credentials ?? Path.Combine(_folder, "missing-credentials"));

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
