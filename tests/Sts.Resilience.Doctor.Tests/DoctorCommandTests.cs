namespace Sts.Resilience.Doctor.Tests;

public class DoctorCommandTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task RunAsync_Help_PrintsUsageAndExitsZero(string flag)
    {
        using var scenario = new DoctorScenario();

        var run = await scenario.RunAsync(flag);

        Assert.Equal(DoctorCommand.ExitOk, run.ExitCode);
        Assert.Contains("Usage: sts-doctor [options]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--endpoint-url URL", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 all ok, 1 warnings, 2 problems, 3 the tool could not run.", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public async Task RunAsync_Version_PrintsThreePartVersion()
    {
        using var scenario = new DoctorScenario();

        var run = await scenario.RunAsync("--version");

        Assert.Equal(DoctorCommand.ExitOk, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\r?\n$", run.Stdout);
    }

    [Fact]
    public async Task RunAsync_UnreachableEndpoint_IsAProblemFindingNotACrash()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

        using var closed = new ClosedPort();

        var run = await scenario.RunAsync("--endpoint-url", closed.Url, "--json", "--timeout", "5");

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        Assert.Equal(["environment.long-term-keys", "profiles.ok", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.pick", "clock.sts-unreachable", "identity.skipped", "role.none"], run.FindingIds);
        Assert.Contains("connection refused", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sts-doctor: checking clock against http://127.0.0.1:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Output_NeverContainsSecretsOrFullKeyId()
    {
        using var scenario = new DoctorScenario();
        scenario.Environment["AWS_ACCESS_KEY_ID"] = "ASIAQWERTYUIOPASDFGH";
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "secret-value-that-must-not-leak-0123456789";
        scenario.Environment["AWS_SESSION_TOKEN"] = "IQoJb3JpZ2luX2VjTOKENTHATMUSTNOTLEAK";
        scenario.Environment["AWS_CREDENTIAL_EXPIRATION"] = Text(scenario.Now.AddMinutes(-5));

        using var closed = new ClosedPort();

        var human = await scenario.RunAsync("--endpoint-url", closed.Url);
        var json = await scenario.RunAsync("--endpoint-url", closed.Url, "--json");

        foreach (var output in new[] { human.Stdout, human.Stderr, json.Stdout, json.Stderr })
        {
            Assert.DoesNotContain("ASIAQWERTYUIOP", output, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-value", output, StringComparison.Ordinal);
            Assert.DoesNotContain("TOKENTHATMUSTNOTLEAK", output, StringComparison.Ordinal);
        }

        Assert.Contains("****DFGH", human.Stdout, StringComparison.Ordinal);
    }

    private static string Text(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
