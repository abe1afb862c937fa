namespace Sts.Resilience.Doctor.Tests;

public class DoctorCommandTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task RunAsync_Help_PrintsUsageAndExitsZero(string flag)
    {
        var (exit, stdout, stderr) = await RunAsync(flag);

        Assert.Equal(DoctorCommand.ExitOk, exit);
        Assert.Contains("Usage: sts-doctor [options]", stdout, StringComparison.Ordinal);
        Assert.Contains("--endpoint-url URL", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_PrintsUsageHintAndExitsThree()
    {
        var (exit, stdout, stderr) = await RunAsync("--bogus");

        Assert.Equal(DoctorCommand.ExitCouldNotRun, exit);
        Assert.Contains("unknown option '--bogus'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DoctorCommand.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
