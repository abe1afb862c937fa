using System.Globalization;

namespace Sts.Resilience.Demo;

/// <summary>What the demo runs against.</summary>
public enum DemoMode
{
    /// <summary>An embedded LocalSts, RefreshingRoleCredentials and the retry handler, with faults injected.</summary>
    Resilient,

    /// <summary>An embedded LocalSts and a SessionAWSCredentials built once from an AssumeRole response: fails after the first lifetime.</summary>
    Naive,

    /// <summary>Real AWS: a role assumed with RefreshingRoleCredentials, no faults injected, wall-clock time.</summary>
    Aws,
}

/// <summary>The demo's settings, from the command line or set directly by tests.</summary>
public sealed class DemoOptions
{
    /// <summary>Gets or sets the mode.</summary>
    public DemoMode Mode { get; set; } = DemoMode.Resilient;

    /// <summary>Gets or sets which credentials the resilient local run uses (<c>--source</c>); the default is <see cref="DemoSource.Role"/>.</summary>
    public DemoSource Source { get; set; } = DemoSource.Role;

    /// <summary>Gets or sets how long the workload runs on the wall clock.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how much session time the local modes compress into <see cref="Duration"/>.</summary>
    public TimeSpan SimulatedSpan { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Gets or sets the session duration asked of STS (local modes; real AWS uses the library default, 1 hour).</summary>
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the number of concurrent workers.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Gets or sets the wall-clock pause of each worker between two rounds (one S3 and one DynamoDB call).</summary>
    public TimeSpan Pause { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets the profile with the role (or the source credentials, with <see cref="RoleArn"/>) for real AWS.</summary>
    public string? Profile { get; set; }

    /// <summary>Gets or sets the role to assume in real AWS.</summary>
    public string? RoleArn { get; set; }

    /// <summary>Gets or sets the AWS region in real AWS.</summary>
    public string? Region { get; set; }

    /// <summary>Gets or sets whether the library's log events are shown as they happen.</summary>
    public bool ShowLog { get; set; } = true;

    /// <summary>Gets or sets whether progress is one line rewritten in place; <see langword="null"/>: when the output is a terminal.</summary>
    public bool? Live { get; set; }

    /// <summary>
    /// Gets or sets whether the local modes move time in steps of <see cref="Step"/>, each once every worker has finished a
    /// round and the library has no refresh in flight, instead of <see cref="Factor"/> times the wall clock. A stepped run
    /// takes as long as the machine needs and <see cref="Duration"/> does not apply; what happens in it does not depend on load.
    /// </summary>
    public bool Stepped { get; set; }

    /// <summary>
    /// Gets or sets whether this is a soak: a <see cref="Stepped"/> run of <see cref="SimulatedSpan"/> (48 hours by
    /// default) with the seeded fault plan of <see cref="SoakPlan"/> instead of the demo's four faults.
    /// </summary>
    public bool Soak { get; set; }

    /// <summary>Gets or sets the seed of a soak's fault plan.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets the session time one step of a <see cref="Stepped"/> run moves (default 15 s).</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets the speed-up of the local modes.</summary>
    public double Factor => SimulatedSpan / Duration;

    /// <summary>The text of <c>--help</c>.</summary>
    public const string Usage = """
        Sts.Resilience demo: AWS SDK clients that keep working while their assumed-role session expires, is revoked,
        and STS fails, because their credentials are RefreshingRoleCredentials and the expired-token retry handler is on.

        usage:
          Sts.Resilience.Demo [--source role|web-identity|container|imds] [--duration SECONDS | --stepped] [--workers N] [--quiet] [--plain]
          Sts.Resilience.Demo --naive [--duration SECONDS | --stepped] [--workers N] [--quiet] [--plain]
          Sts.Resilience.Demo --soak [HOURS] [--seed N] [--workers N]
          Sts.Resilience.Demo --role-arn ARN --region REGION [--profile SOURCE] [--duration SECONDS] [--workers N]
          Sts.Resilience.Demo --profile NAME [--region REGION] [--duration SECONDS] [--workers N]
          Sts.Resilience.Demo serve [--port N] [--json]      (LocalSts alone, for the AWS CLI or other SDKs)

        With no arguments (no AWS account needed): starts an embedded LocalSts on 127.0.0.1 and runs workers that call
        S3 ListBuckets and DynamoDB ListTables through the real AWS SDK clients for about a minute. Time is compressed:
        one accelerated clock, shared by LocalSts and the credentials, runs 3 hours of 1-hour sessions in that minute
        (180x), so the library's real refresh windows apply (15-minute advisory window, 1-minute mandatory window,
        5-10 minute back-off). Signatures still use the wall clock. Injected on the way:
          - throttling of S3 and DynamoDB          -> the SDK backs off and retries
          - every session revoked early             -> rejected with ExpiredToken, recovered by the retry handler
          - an STS outage when a refresh is due     -> ridden out on the cached credentials, refreshed afterwards
          - STS throttling when a refresh is due    -> the library backs off, serves the cached credentials
        Shows live progress, then a summary. Exit code 0 only when no request failed.

          --source SOURCE     which of the library's credentials sign the calls, each served by the embedded LocalSts:
                                role          RefreshingRoleCredentials, AssumeRole with a user's keys (default)
                                web-identity  RefreshingWebIdentityCredentials, AssumeRoleWithWebIdentity with a
                                              token file LocalSts rewrites as the kubelet does (EKS IRSA)
                                container     RefreshingContainerCredentials, the container credentials endpoint
                                              (ECS task role, EKS Pod Identity)
                                imds          RefreshingInstanceProfileCredentials, IMDSv2 (EC2 instance profile)
                              The outage and throttling faults hit that source's endpoint instead of AssumeRole.
          --naive             the same workload with SessionAWSCredentials built once from an AssumeRole response, as
                              the troubleshooting guides do: every call fails with ExpiredToken after the first hour.
                              No faults are injected (expiry alone is enough). Exits 1: that failure is the point.
          --duration SECONDS  wall-clock length of the run, 10 or more (default 60). The local modes keep 3 hours of
                              session time, so a shorter run compresses more: below about 20 s a slow machine's
                              round trips start to count as minutes of session time.
          --stepped           instead of a fixed speed-up, move session time in 15-second steps, each once every
                              worker has finished a round of calls: the run takes as long as this machine needs
                              (about 10-30 s), and a busy machine cannot make it skip or shift a fault
          --workers N         concurrent workers (default 4; 2 for --soak)
          --soak [HOURS]      a soak: the same workload, stepped, for HOURS of 1-hour sessions (default 48) with a
                              seeded plan of 2-3 faults an hour: STS outages shorter than a session (STS always
                              answers in a session's last two minutes), STS throttling and connection resets, S3 and
                              DynamoDB throttling and resets, revocations, the application's clock 4 minutes ahead or
                              behind STS's, and suspends (timers fire late). Prints failed calls, STS calls per hour
                              and memory (first vs last quarter). Library log events are off unless --verbose.
          --seed N            the soak's fault plan (default 1); the same seed gives the same plan
          --verbose           with --soak: show the library's log events
          --quiet             do not show the library's log events
          --plain             plain progress lines even on a terminal (the default when output is redirected)

        Real AWS (wall-clock time, no faults injected; calls ListBuckets and ListTables, so the role needs
        s3:ListAllMyBuckets and dynamodb:ListTables):
          --role-arn ARN      the role to assume with RefreshingRoleCredentials
          --region REGION     the region for STS, S3 and DynamoDB
          --profile NAME      with --role-arn: the profile whose credentials call AssumeRole (default: the SDK chain);
                              alone: a profile with role_arn and source_profile, assumed with RefreshingRoleCredentials
        """;

    /// <summary>Parses the command line; returns <see langword="null"/> and an error for bad input, or sets <paramref name="help"/>.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, out string? error, out bool help)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DemoOptions();
        var durationSet = false;
        var sourceSet = false;
        var workersSet = false;
        var verbose = false;
        error = null;
        help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                return null;
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    return options;
                case "--naive":
                    options.Mode = DemoMode.Naive;
                    break;
                case "--quiet":
                    options.ShowLog = false;
                    break;
                case "--plain":
                    options.Live = false;
                    break;
                case "--stepped":
                    options.Stepped = true;
                    break;
                case "--source":
                    switch (Value())
                    {
                        case "role":
                            options.Source = DemoSource.Role;
                            break;
                        case "web-identity":
                            options.Source = DemoSource.WebIdentity;
                            break;
                        case "container":
                            options.Source = DemoSource.Container;
                            break;
                        case "imds":
                            options.Source = DemoSource.Imds;
                            break;
                        default:
                            error = "--source needs one of role, web-identity, container, imds.";
                            return null;
                    }

                    sourceSet = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--soak":
                    options.Soak = true;
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) || hours is < 1 or > 1000)
                        {
                            error = "--soak takes a whole number of hours from 1 to 1000.";
                            return null;
                        }

                        options.SimulatedSpan = TimeSpan.FromHours(hours);
                    }
                    else
                    {
                        options.SimulatedSpan = TimeSpan.FromHours(48);
                    }

                    break;
                case "--seed":
                    if (!int.TryParse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                    {
                        error = "--seed needs a whole number.";
                        return null;
                    }

                    options.Seed = seed;
                    break;
                case "--duration":
                    if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds >= 10) || seconds > 86400)
                    {
                        error = "--duration needs a number of seconds from 10 to 86400.";
                        return null;
                    }

                    options.Duration = TimeSpan.FromSeconds(seconds);
                    durationSet = true;
                    break;
                case "--workers":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var workers) || workers is < 1 or > 64)
                    {
                        error = "--workers needs a whole number from 1 to 64.";
                        return null;
                    }

                    options.Workers = workers;
                    workersSet = true;
                    break;
                case "--profile":
                    options.Profile = Value() ?? string.Empty;
                    break;
                case "--role-arn":
                    options.RoleArn = Value() ?? string.Empty;
                    break;
                case "--region":
                    options.Region = Value() ?? string.Empty;
                    break;
                default:
                    error = $"unexpected argument '{arg}'.";
                    return null;
            }
        }

        if (options.Soak)
        {
            if (options.Mode == DemoMode.Naive || durationSet || options.Profile is not null || options.RoleArn is not null || options.Region is not null)
            {
                error = "--soak runs the resilient workload, stepped, against the embedded LocalSts: it cannot be combined with --naive, --duration or real AWS.";
                return null;
            }

            if (sourceSet && options.Source != DemoSource.Role)
            {
                error = "--soak's faults (STS outages, throttling, revocations) are written for the role source: it cannot be combined with another --source.";
                return null;
            }

            options.Stepped = true;
            options.ShowLog = verbose && options.ShowLog;
            options.Workers = workersSet ? options.Workers : 2;
        }

        if (options.Stepped && durationSet)
        {
            error = "--stepped runs as long as the machine needs; it cannot be combined with --duration.";
            return null;
        }

        if (sourceSet && options.Mode == DemoMode.Naive)
        {
            error = "--naive shows SessionAWSCredentials from one AssumeRole; it cannot be combined with --source.";
            return null;
        }

        if (options.Profile is not null || options.RoleArn is not null || options.Region is not null)
        {
            if (sourceSet)
            {
                error = "--source picks a source served by the embedded LocalSts; real AWS assumes a role (--role-arn or --profile).";
                return null;
            }

            if (options.Stepped)
            {
                error = "--stepped moves the embedded LocalSts's clock; real AWS runs on the wall clock.";
                return null;
            }

            if (options.Mode == DemoMode.Naive)
            {
                error = "--naive runs against the embedded LocalSts only; it cannot be combined with --profile, --role-arn or --region.";
                return null;
            }

            options.Mode = DemoMode.Aws;
            if (options.Profile is { Length: 0 } || options.RoleArn is { Length: 0 } || options.Region is { Length: 0 })
            {
                error = "--profile, --role-arn and --region each need a value.";
                return null;
            }

            if (options.RoleArn is not null && options.Region is null)
            {
                error = "--role-arn needs --region REGION (the region for STS, S3 and DynamoDB).";
                return null;
            }

            if (options.RoleArn is null && options.Profile is null)
            {
                error = "--region alone is not enough: add --role-arn ARN, or --profile NAME with a role_arn.";
                return null;
            }
        }

        return options;
    }
}
