using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Cli;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Tests.Checks;

public class EnvironmentCheckTests
{
    private const string TemporaryKeyId = "ASIAQWERTYUIOPASDFGH";

    [Fact]
    public async Task RunAsync_NothingSet_ReportsClean()
    {
        using var scenario = new DoctorScenario();

        var findings = await RunAsync(scenario);

        var finding = Assert.Single(findings);
        Assert.Equal(("environment.clean", Severity.Ok), (finding.Id, finding.Severity));
    }

    [Fact]
    public async Task RunAsync_OnlyAwsProfile_NamesTheProfile()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_PROFILE"] = "dev";

        var finding = Assert.Single(await RunAsync(scenario));

        Assert.Equal("environment.profile", finding.Id);
        Assert.Equal("No credential variables are set; AWS_PROFILE selects profile 'dev'.", finding.Message);
    }

    [Fact]
    public async Task RunAsync_TemporaryKeysPastCredentialExpiration_ProblemWithUnsetCommand()
    {
        using var scenario = new DoctorScenario(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        SetTemporaryKeys(scenario, expiration: "2026-11-28T11:55:00Z");

        var finding = Assert.Single(await RunAsync(scenario));

        Assert.Equal(("environment.expired", Severity.Problem), (finding.Id, finding.Severity));
        Assert.Equal(
            "Temporary credentials ****DFGH in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN expired at 2026-11-28T11:55:00Z (5 min ago); environment variables never refresh.",
            finding.Message);
        Assert.StartsWith(
            "Run (bash/zsh): unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION\n",
            finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Linux", "/usr/bin/zsh", null, "Run (bash/zsh): unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION")]
    [InlineData("MacOS", "/opt/homebrew/bin/fish", null, "Run (fish): set -e AWS_ACCESS_KEY_ID; set -e AWS_SECRET_ACCESS_KEY; set -e AWS_SESSION_TOKEN; set -e AWS_CREDENTIAL_EXPIRATION")]
    [InlineData("Linux", "/usr/bin/pwsh", null, "Run (PowerShell): Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN, Env:AWS_CREDENTIAL_EXPIRATION")]
    [InlineData("Windows", null, @"C:\Users\me\Documents\PowerShell\Modules;C:\Program Files\PowerShell\Modules", "Run (PowerShell): Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN, Env:AWS_CREDENTIAL_EXPIRATION")]
    [InlineData("Windows", null, @"C:\Program Files\WindowsPowerShell\Modules;C:\WINDOWS\system32\WindowsPowerShell\v1.0\Modules", "Run (cmd): set AWS_ACCESS_KEY_ID= & set AWS_SECRET_ACCESS_KEY= & set AWS_SESSION_TOKEN= & set AWS_CREDENTIAL_EXPIRATION=")]
    public async Task RunAsync_ExpiredKeys_FixIsTheUnsetCommandOfTheUsersShell(string platform, string? shell, string? psModulePath, string expected)
    {
        using var scenario = new DoctorScenario(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)) { Platform = Enum.Parse<HostPlatform>(platform) };
        scenario.Environment.Remove("SHELL");
        if (shell is not null)
        {
            scenario.Environment["SHELL"] = shell;
        }

        if (psModulePath is not null)
        {
            scenario.Environment["PSModulePath"] = psModulePath;
        }

        SetTemporaryKeys(scenario, expiration: "2026-11-28T11:00:00Z");

        var finding = Assert.Single(await RunAsync(scenario));

        Assert.Equal(expected, finding.Fix!.Split('\n')[0]);
    }

    [Fact]
    public async Task RunAsync_NoExpirationButStsSaidExpiredToken_Problem()
    {
        using var scenario = new DoctorScenario();
        SetTemporaryKeys(scenario, expiration: null);

        var findings = await RunAsync(scenario, new IdentityResult(null, new StsFailure(StsFailureKind.Service, "ExpiredToken", "The security token included in the request is expired", 403)));

        var finding = Assert.Single(findings);
        Assert.Equal("environment.expired", finding.Id);
        Assert.Contains("STS rejected them as expired (ExpiredToken)", finding.Message, StringComparison.Ordinal);
        Assert.StartsWith("Run (bash/zsh): unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN\n", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ValidTemporaryKeys_WarnsTheyNeverRefresh()
    {
        using var scenario = new DoctorScenario(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        SetTemporaryKeys(scenario, expiration: "2026-11-28T12:40:00+00:00");

        var finding = Assert.Single(await RunAsync(scenario));

        Assert.Equal(("environment.temporary-keys", Severity.Warning), (finding.Id, finding.Severity));
        Assert.Contains("expires at 2026-11-28T12:40:00Z (in 40 min): they never refresh", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeysAndAwsProfile_WarnsTheProfileIsIgnored()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        scenario.Environment["AWS_PROFILE"] = "dev";

        var findings = await RunAsync(scenario);

        Assert.Equal(["environment.long-term-keys", "environment.keys-shadow-profile"], findings.Select(f => f.Id));
        Assert.Equal("Long-term access key ****MPLE in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (does not expire).", findings[0].Message);
        Assert.Equal("AWS_PROFILE=dev is ignored: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY win over AWS_PROFILE in the AWS CLI and SDKs.", findings[1].Message);
    }

    [Fact]
    public async Task RunAsync_KeysAndAwsProfileButProfileOption_NoShadowWarning()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        scenario.Environment["AWS_PROFILE"] = "dev";

        var findings = await RunAsync(scenario, options: new DoctorOptions { Profile = "dev" });

        Assert.Equal(["environment.long-term-keys"], findings.Select(f => f.Id));
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID", "environment.incomplete-keys")]
    [InlineData("AWS_SECRET_ACCESS_KEY", "environment.incomplete-keys")]
    [InlineData("AWS_SESSION_TOKEN", "environment.orphan-session-token")]
    public async Task RunAsync_PartOfTheCredentials_Problem(string onlyVariable, string expectedId)
    {
        using var scenario = new DoctorScenario();
        scenario.Environment[onlyVariable] = onlyVariable == "AWS_ACCESS_KEY_ID" ? TemporaryKeyId : "value";

        var finding = Assert.Single(await RunAsync(scenario));

        Assert.Equal((expectedId, Severity.Problem), (finding.Id, finding.Severity));
        Assert.Equal($"Run (bash/zsh): unset {onlyVariable}", finding.Fix);
    }

    [Fact]
    public async Task RunAsync_TemporaryKeyWithoutToken_Problem()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_ACCESS_KEY_ID"] = TemporaryKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";

        var findings = await RunAsync(scenario);

        Assert.Contains(findings, f => f.Id == "environment.missing-session-token" && f.Severity == Severity.Problem);
    }

    [Fact]
    public async Task RunAsync_UnreadableExpiration_Warns()
    {
        using var scenario = new DoctorScenario();
        SetTemporaryKeys(scenario, expiration: "tomorrow");

        var findings = await RunAsync(scenario);

        Assert.Equal(["environment.bad-expiration", "environment.temporary-keys"], findings.Select(f => f.Id));
    }

    [Fact]
    public async Task RunAsync_LegacyTokenDiffersFromSessionToken_Warns()
    {
        using var scenario = new DoctorScenario();
        SetTemporaryKeys(scenario, expiration: null);
        scenario.Environment["AWS_SECURITY_TOKEN"] = "an-older-token";

        var findings = await RunAsync(scenario);

        Assert.Contains(findings, f => f.Id == "environment.token-mismatch" && f.Fix == "Run (bash/zsh): unset AWS_SECURITY_TOKEN");
    }

    private static void SetTemporaryKeys(DoctorScenario scenario, string? expiration)
    {
        scenario.Environment["AWS_ACCESS_KEY_ID"] = TemporaryKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        scenario.Environment["AWS_SESSION_TOKEN"] = "IQoJb3JpZ2luX2VjEXAMPLE";
        if (expiration is not null)
        {
            scenario.Environment["AWS_CREDENTIAL_EXPIRATION"] = expiration;
        }
    }

    private static async Task<IReadOnlyList<Finding>> RunAsync(DoctorScenario scenario, IdentityResult? identity = null, DoctorOptions? options = null)
    {
        var host = scenario.Host;
        options ??= new DoctorOptions();
        var credentials = CredentialResolver.Resolve(host, options, AwsPaths.From(host));
        using var context = new DoctorContext(host, options, credentials, new StsGateway(new Uri("http://127.0.0.1:9/"), true, "us-east-1", TimeSpan.FromSeconds(1), host.Time))
        {
            Identity = identity,
        };
        return await new EnvironmentCheck().RunAsync(context, CancellationToken.None);
    }
}
