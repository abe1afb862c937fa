namespace Sts.Resilience.Doctor.Cli;

/// <summary>What the user asked for on the command line.</summary>
internal sealed record DoctorOptions
{
    /// <summary>The default time allowed for each network call.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary><c>--profile</c>: the profile to check and to take credentials from.</summary>
    public string? Profile { get; init; }

    /// <summary><c>--role-arn</c>: a role to assume once, on top of the resolved credentials.</summary>
    public string? RoleArn { get; init; }

    /// <summary><c>--region</c>: the STS region.</summary>
    public string? Region { get; init; }

    /// <summary><c>--endpoint-url</c>: where STS calls go instead of the regional endpoint.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary><c>--json</c>: machine-readable output.</summary>
    public bool Json { get; init; }

    /// <summary><c>--fix</c>: delete expired AWS CLI cache entries.</summary>
    public bool Fix { get; init; }

    /// <summary><c>--no-color</c>: never colour the table.</summary>
    public bool NoColor { get; init; }

    /// <summary><c>--timeout</c>: the time allowed for each network call.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary><c>--help</c> was given.</summary>
    public bool ShowHelp { get; init; }

    /// <summary><c>--version</c> was given.</summary>
    public bool ShowVersion { get; init; }
}
