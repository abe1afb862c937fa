using Sts.Resilience.Doctor.Checks;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>The findings of a run, in report order, and what they add up to.</summary>
internal sealed record DoctorReport(IReadOnlyList<Finding> Findings, string CredentialSource, Uri StsEndpoint, string Region, string HomeDirectory)
{
    /// <summary>0 all ok, 1 warnings, 2 problems (skipped checks do not count).</summary>
    public int ExitCode => Findings.Any(f => f.Severity == Severity.Problem) ? DoctorCommand.ExitProblems
        : Findings.Any(f => f.Severity == Severity.Warning) ? DoctorCommand.ExitWarnings
        : DoctorCommand.ExitOk;

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
}
