using Sts.Resilience.Doctor.Cli;

namespace Sts.Resilience.Doctor.Tests.Cli;

public class DoctorArgumentsTests
{
    [Theory]
    [InlineData("unknown option '--bogus'.", "--bogus")]
    [InlineData("unexpected argument 'dev' (sts-doctor takes options only).", "dev")]
    [InlineData("option '--profile' needs a value.", "--profile")]
    [InlineData("option '--profile' needs a value.", "--profile", "--json")]
    [InlineData("option '--profile' is given more than once.", "--profile", "a", "--profile", "b")]
    [InlineData("option '--json' takes no value.", "--json=yes")]
    [InlineData("'arn:aws:iam::123:role/x' is not a role ARN (expected arn:aws:iam::123456789012:role/NAME).", "--role-arn", "arn:aws:iam::123:role/x")]
    [InlineData("'EU-WEST-1' is not a region name (for example eu-west-1).", "--region", "EU-WEST-1")]
    [InlineData("'ftp://x' is not an http(s) URL.", "--endpoint-url", "ftp://x")]
    [InlineData("'localhost:4566' is not an http(s) URL.", "--endpoint-url", "localhost:4566")]
    [InlineData("'0' is not a timeout: give whole seconds from 1 to 300.", "--timeout", "0")]
    [InlineData("'ten' is not a timeout: give whole seconds from 1 to 300.", "--timeout=ten")]
    [InlineData("'' is not a profile name.", "--profile=")]
    public async Task RunAsync_BadArguments_PrintsOneLineAndExitsThree(string expected, params string[] args)
    {
        using var scenario = new DoctorScenario();

        var run = await scenario.RunAsync(args);

        Assert.Equal(DoctorCommand.ExitCouldNotRun, run.ExitCode);
        Assert.Equal($"sts-doctor: {expected}\nRun 'sts-doctor --help' for usage.\n", run.Stderr.ReplaceLineEndings("\n"));
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void TryParse_EveryOption_SetsIt()
    {
        var ok = DoctorArguments.TryParse(
            ["--profile", "dev", "--role-arn=arn:aws:iam::123456789012:role/deploy", "--region", "eu-west-1",
             "--endpoint-url", "http://127.0.0.1:4566", "--json", "--fix", "--timeout", "3", "--no-color"],
            out var options, out var error);

        Assert.True(ok, error);
        Assert.Equal("dev", options.Profile);
        Assert.Equal("arn:aws:iam::123456789012:role/deploy", options.RoleArn);
        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), options.EndpointUrl);
        Assert.True(options.Json);
        Assert.True(options.Fix);
        Assert.True(options.NoColor);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
    }

    [Fact]
    public void TryParse_Nothing_UsesDefaults()
    {
        Assert.True(DoctorArguments.TryParse([], out var options, out _));

        Assert.Null(options.Profile);
        Assert.Null(options.RoleArn);
        Assert.Null(options.EndpointUrl);
        Assert.False(options.Json);
        Assert.False(options.Fix);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }
}
