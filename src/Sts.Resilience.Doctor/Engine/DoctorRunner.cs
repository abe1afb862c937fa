using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Output;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>Runs the checks and collects their findings.</summary>
internal static class DoctorRunner
{
    /// <summary>
    /// The checks in the order they run, which is not the order they are shown in: the environment and profiles
    /// checks run after the identity check because STS's answer tells them whether the credentials they hold
    /// have expired, and which role a pasted session belongs to.
    /// </summary>
    public static IReadOnlyList<IDoctorCheck> CreateChecks() =>
    [
        new WebIdentityCheck(),
        new ContainerCheck(),
        new InstanceMetadataCheck(),
        new ChainCheck(),
        new ClockCheck(),
        new IdentityCheck(),
        new RoleCheck(),
        new ProfilesCheck(),
        new CliCacheCheck(),
        new EnvironmentCheck(),
    ];

    /// <summary>The order findings are shown in: local state first, then the other credential sources and the chain's pick, then what STS says.</summary>
    private static readonly string[] ReportOrder =
        [
            EnvironmentCheck.CheckName, ProfilesCheck.CheckName, CliCacheCheck.CheckName,
            WebIdentityCheck.CheckName, ContainerCheck.CheckName, InstanceMetadataCheck.CheckName, ChainCheck.CheckName,
            ClockCheck.CheckName, IdentityCheck.CheckName, RoleCheck.CheckName,
        ];

    public static async Task<DoctorReport> RunAsync(DoctorContext context, IEnumerable<IDoctorCheck> checks, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var check in checks)
        {
            if (check.UsesNetwork)
            {
                progress.Show($"checking {check.Name} against {context.Sts.Endpoint}");
            }

            try
            {
                findings.AddRange(await check.RunAsync(context, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A bug in one check must not hide what the others found.
                findings.Add(new Finding($"{check.Name}.internal-error", check.Name, Severity.Problem,
                    $"The {check.Name} check failed unexpectedly: {ex.GetType().Name}: {ex.Message}",
                    "Please report this at https://github.com/sts-resilience/sts-resilience/issues with the command you ran."));
            }
        }

        progress.Clear();
        var ordered = findings
            .Select((finding, index) => (finding, index))
            .OrderBy(x => Array.IndexOf(ReportOrder, x.finding.Check) is var rank and >= 0 ? rank : ReportOrder.Length)
            .ThenBy(x => x.index)
            .Select(x => x.finding)
            .ToList();
        return new DoctorReport(ordered, context.Credentials.Description, context.Sts.Endpoint, context.Sts.Region, context.Host.HomeDirectory);
    }
}
