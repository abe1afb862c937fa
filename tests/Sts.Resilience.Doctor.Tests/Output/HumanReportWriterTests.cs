using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Engine;
using Sts.Resilience.Doctor.Output;

namespace Sts.Resilience.Doctor.Tests.Output;

public class HumanReportWriterTests
{
    [Theory]
    [InlineData(true, null, false, "Linux", true)]
    [InlineData(false, null, false, "Linux", false)] // redirected
    [InlineData(true, "1", false, "Linux", false)] // NO_COLOR
    [InlineData(true, null, true, "Linux", false)] // --no-color
    [InlineData(true, null, false, "Windows", false)] // classic conhost: no ANSI
    public void UseColor_FollowsTerminalAndNoColor(bool terminal, string? noColor, bool noColorOption, string platform, bool expected)
    {
        using var scenario = new DoctorScenario { Terminal = terminal, Platform = Enum.Parse<HostPlatform>(platform) };
        scenario.Environment.Remove("SHELL");
        if (noColor is not null)
        {
            scenario.Environment["NO_COLOR"] = noColor;
        }

        Assert.Equal(expected, HumanReportWriter.UseColor(scenario.Host, noColorOption));
    }

    [Fact]
    public void Write_WithColor_PaintsOnlyTheStatus()
    {
        var report = Report(new Finding("clock.skew-problem", "clock", Severity.Problem, "Local clock is off.", "Sync it."));
        using var output = new StringWriter();

        HumanReportWriter.Write(report, output, color: true);

        Assert.Contains("\u001b[1;31mPROBLEM  \u001b[0mclock        Local clock is off.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WithoutColor_NoEscapeCodesAndFixAndFileUnderTheFinding()
    {
        var report = Report(
            new Finding("profiles.static-session-token", "profiles", Severity.Problem, "Static token.", "Write:\n[profile dev]\nrole_arn = x") { File = "/home/me/.aws/credentials", Line = 4 },
            new Finding("clock.ok", "clock", Severity.Ok, "Fine."));
        using var output = new StringWriter();

        HumanReportWriter.Write(report, output, color: false);

        Assert.Equal(
            """
            sts-doctor: credentials from environment variables; STS at http://127.0.0.1:4566/ (us-east-1)

            STATUS   CHECK        FINDING
            PROBLEM  profiles     Static token.
                                  at:  ~/.aws/credentials:4
                                  fix: Write:
                                       [profile dev]
                                       role_arn = x
            ok       clock        Fine.

            1 problem, 1 ok: fix the problems above (exit code 2).

            """.ReplaceLineEndings(),
            output.ToString());
    }

    private static DoctorReport Report(params Finding[] findings) =>
        new(findings, "environment variables", new Uri("http://127.0.0.1:4566/"), "us-east-1", "/home/me");
}
