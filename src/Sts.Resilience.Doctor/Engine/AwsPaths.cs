namespace Sts.Resilience.Doctor.Engine;

/// <summary>Where the AWS files are on this host, following the same variables the AWS CLI and SDKs follow.</summary>
internal sealed record AwsPaths(string ConfigFile, string CredentialsFile, string CliCacheDirectory)
{
    public static AwsPaths From(DoctorHost host)
    {
        var awsDirectory = Path.Combine(host.HomeDirectory, ".aws");
        return new AwsPaths(
            Expand(host.GetVariable("AWS_CONFIG_FILE"), host) ?? Path.Combine(awsDirectory, "config"),
            Expand(host.GetVariable("AWS_SHARED_CREDENTIALS_FILE"), host) ?? Path.Combine(awsDirectory, "credentials"),
            // The AWS CLI does not let this folder move; neither do we.
            Path.Combine(awsDirectory, "cli", "cache"));
    }

    private static string? Expand(string? path, DoctorHost host) =>
        path is null ? null
        : path == "~" ? host.HomeDirectory
        : path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal) ? Path.Combine(host.HomeDirectory, path[2..])
        : path;
}
