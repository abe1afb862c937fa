using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>One troubleshooting step. Each check reports at least one finding, so the report always shows every check.</summary>
internal interface IDoctorCheck
{
    /// <summary>The short name shown in the report's CHECK column and used as the prefix of its finding ids.</summary>
    string Name { get; }

    /// <summary>Whether the check calls STS (the runner shows progress for those).</summary>
    bool UsesNetwork { get; }

    /// <summary>Runs the check. Expected failures (bad files, unreachable endpoints, STS errors) are findings, never exceptions.</summary>
    Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken);
}
