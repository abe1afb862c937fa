using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Cli;
using Sts.Resilience.Doctor.Engine;
using Sts.Resilience.Doctor.Output;

namespace Sts.Resilience.Doctor.Tests.Engine;

public class DoctorRunnerTests
{
    [Fact]
    public async Task RunAsync_CheckThrows_OtherChecksStillReportAndTheFailureIsAProblem()
    {
        using var scenario = new DoctorScenario();
        using var stderr = new StringWriter();

        var report = await DoctorCommand.RunChecksAsync(
            new DoctorOptions { EndpointUrl = new Uri("http://127.0.0.1:9/") },
            scenario.Host,
            new ProgressReporter(stderr, interactive: false),
            [new ThrowingCheck(), new EnvironmentCheck()],
            CancellationToken.None);

        Assert.Equal(["environment.clean", "clock.internal-error"], report.Findings.Select(f => f.Id));
        Assert.Equal("The clock check failed unexpectedly: InvalidOperationException: boom", report.Findings[1].Message);
        Assert.Equal(DoctorCommand.ExitProblems, report.ExitCode);
    }

    [Fact]
    public void ExitCode_SkippedDoesNotCountAndWorstSeverityWins()
    {
        static DoctorReport Report(params Severity[] severities) =>
            new(severities.Select((s, i) => new Finding("x." + i, "x", s, "m")).ToList(), "d", new Uri("http://127.0.0.1/"), "us-east-1", "/h");

        Assert.Equal(DoctorCommand.ExitOk, Report(Severity.Ok, Severity.Skipped).ExitCode);
        Assert.Equal(DoctorCommand.ExitWarnings, Report(Severity.Ok, Severity.Warning, Severity.Skipped).ExitCode);
        Assert.Equal(DoctorCommand.ExitProblems, Report(Severity.Warning, Severity.Problem).ExitCode);
    }

    private sealed class ThrowingCheck : IDoctorCheck
    {
        public string Name => ClockCheck.CheckName;

        public bool UsesNetwork => false;

        public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}
