using System.Runtime.CompilerServices;

namespace Sts.Resilience.TestSupport;

/// <summary>
/// Runs before any test in the assembly: the AWS SDK must never find real credentials, profiles or
/// instance metadata, whatever the developer's shell holds. Tests talk to LocalSts on 127.0.0.1 only.
/// </summary>
internal static class IsolatedAwsEnvironment
{
    /// <summary>The empty directory that stands in for the AWS config folder during the test run.</summary>
    public static string AwsDirectory { get; private set; } = "";

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Test isolation must happen before any test touches the SDK.")]
    internal static void Initialize()
    {
        foreach (var name in new[]
        {
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
        })
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        AwsDirectory = Path.Combine(Path.GetTempPath(), "sts-resilience-tests-" + Environment.ProcessId, ".aws");
        Directory.CreateDirectory(AwsDirectory);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(AwsDirectory, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(AwsDirectory, "credentials"));
    }
}
