using Amazon;
using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Cli;
using Sts.Resilience.Doctor.Engine;
using Sts.Resilience.Doctor.Output;

namespace Sts.Resilience.Doctor;

/// <summary>Parses the command line and runs the checks; separated from <see cref="Program"/> so tests run it in-process.</summary>
internal static class DoctorCommand
{
    /// <summary>Exit codes, as documented in <c>--help</c>.</summary>
    public const int ExitOk = 0, ExitWarnings = 1, ExitProblems = 2, ExitCouldNotRun = 3;

    public static string Usage => DoctorArguments.Usage;

    /// <summary>Runs against the real machine.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, DoctorHost.FromProcess(), CancellationToken.None);

    /// <summary>Runs against <paramref name="host"/> (tests pass a temporary home, environment and clock).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, DoctorHost host, CancellationToken cancellationToken)
    {
        if (!DoctorArguments.TryParse(args, out var options, out var error))
        {
            stderr.WriteLine("sts-doctor: " + error);
            stderr.WriteLine("Run 'sts-doctor --help' for usage.");
            return ExitCouldNotRun;
        }

        if (options.ShowHelp)
        {
            stdout.WriteLine(DoctorArguments.Usage);
            return ExitOk;
        }

        if (options.ShowVersion)
        {
            stdout.WriteLine(typeof(DoctorCommand).Assembly.GetName().Version?.ToString(3));
            return ExitOk;
        }

        try
        {
            var report = await RunChecksAsync(options, host, new ProgressReporter(stderr, host.StderrIsTerminal), DoctorRunner.CreateChecks(), cancellationToken).ConfigureAwait(false);
            if (options.Json)
            {
                JsonReportWriter.Write(report, stdout);
            }
            else
            {
                HumanReportWriter.Write(report, stdout, HumanReportWriter.UseColor(host, options.NoColor));
            }

            return report.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("sts-doctor: cancelled.");
            return ExitCouldNotRun;
        }
#pragma warning disable CA1031 // The tool's contract: exit code 3 and one line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"sts-doctor: could not run: {ex.GetType().Name}: {ex.Message}");
            return ExitCouldNotRun;
        }
    }

    internal static async Task<DoctorReport> RunChecksAsync(DoctorOptions options, DoctorHost host, ProgressReporter progress, IEnumerable<IDoctorCheck> checks, CancellationToken cancellationToken)
    {
        // A diagnostic must see what the clock really does; the SDK's automatic skew correction would hide it
        // after the first rejected request and make later checks depend on earlier ones.
        AWSConfigs.CorrectForClockSkew = false;

        var paths = AwsPaths.From(host);
        var credentials = CredentialResolver.Resolve(host, options, paths);
        if (credentials is { BaseCredentials: null, Unresolvable: null }
            && DefaultChain.Resolve(host) is { Source: DefaultChainSource.WebIdentity or DefaultChainSource.Container or DefaultChainSource.InstanceMetadata } pick)
        {
            credentials = credentials with { Description = $"{ChainCheck.Describe(pick.Source)} ({pick.Detail})", PlatformSource = pick.Source };
        }

        var region = options.Region ?? host.GetVariable("AWS_REGION") ?? host.GetVariable("AWS_DEFAULT_REGION") ?? credentials.Region ?? "us-east-1";
        var endpoint = options.EndpointUrl ?? StsGateway.RegionalEndpoint(region);
        using var context = new DoctorContext(host, options, credentials, new StsGateway(endpoint, options.EndpointUrl is not null, region, options.Timeout, host.Time));
        return await DoctorRunner.RunAsync(context, checks, progress, cancellationToken).ConfigureAwait(false);
    }
}
