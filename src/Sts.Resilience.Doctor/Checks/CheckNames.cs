namespace Sts.Resilience.Doctor.Checks;

/// <summary>The check names, in report order. They prefix every finding id, so they never change.</summary>
internal static class CheckNames
{
    /// <summary>AWS_* variables and what they hold.</summary>
    public const string Environment = "environment";

    /// <summary>The shared config and credentials files, read by the library's <c>ProfileDiagnostics</c>.</summary>
    public const string Profiles = "profiles";

    /// <summary>The AWS CLI's session cache, listed by the library's <c>CliSessionCache</c>.</summary>
    public const string CliCache = "cli-cache";

    /// <summary>The host clock against STS's.</summary>
    public const string Clock = "clock";

    /// <summary>GetCallerIdentity with the resolved credentials.</summary>
    public const string Identity = "identity";

    /// <summary>AssumeRole for each role of the chain and <c>--role-arn</c>.</summary>
    public const string Role = "role";
}
