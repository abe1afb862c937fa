namespace Sts.Resilience.Doctor;

/// <summary>Parses the command line and runs the checks; separated from <see cref="Program"/> so tests run it in-process.</summary>
internal static class DoctorCommand
{
    /// <summary>Exit codes, as documented in <c>--help</c>.</summary>
    public const int ExitOk = 0, ExitWarnings = 1, ExitProblems = 2, ExitCouldNotRun = 3;

    public const string Usage = """
        sts-doctor: finds why AWS calls fail with "The security token included in the request is expired".

        Usage: sts-doctor [options]

        Options:
          --profile NAME       check this profile (default: AWS_PROFILE, else all profiles)
          --role-arn ARN       assume this role once to check duration and trust limits
          --region R           the region for STS (default: from the profile or AWS_REGION)
          --endpoint-url URL   send STS calls to this endpoint (for example a LocalSts)
          --json               print the findings as JSON
          --fix                delete expired AWS CLI cache entries (never valid ones)
          -h, --help           show this help
          --version            show the version

        Exit codes: 0 all ok, 1 warnings, 2 problems, 3 the tool could not run.
        """;

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    stdout.WriteLine(Usage);
                    return Task.FromResult(ExitOk);
                case "--version":
                    stdout.WriteLine(typeof(DoctorCommand).Assembly.GetName().Version?.ToString(3));
                    return Task.FromResult(ExitOk);
            }
        }

        if (args.Count > 0 && !IsKnownOption(args[0]))
        {
            stderr.WriteLine($"sts-doctor: unknown option '{args[0]}'.");
            stderr.WriteLine("Run 'sts-doctor --help' for usage.");
            return Task.FromResult(ExitCouldNotRun);
        }

        stderr.WriteLine("sts-doctor: the checks are not built yet; see --help.");
        return Task.FromResult(ExitCouldNotRun);
    }

    private static bool IsKnownOption(string arg) => arg is "--profile" or "--role-arn" or "--region" or "--endpoint-url" or "--json" or "--fix";
}
