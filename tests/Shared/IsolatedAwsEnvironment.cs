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
        // Every AWS_* variable, not a list of the known ones: the SDK keeps adding variables that redirect a client
        // (AWS_ENDPOINT_URL_<SERVICE>, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, AWS_STS_REGIONAL_ENDPOINTS, ...).
        foreach (var name in AwsVariables())
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        AwsDirectory = Path.Combine(Path.GetTempPath(), "sts-resilience-tests-" + Environment.ProcessId, ".aws");
        Directory.CreateDirectory(AwsDirectory);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(AwsDirectory, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(AwsDirectory, "credentials"));
    }

    /// <summary>The names of every environment variable that starts with <c>AWS_</c> (in any case, as Windows ignores it).</summary>
    internal static IReadOnlyList<string> AwsVariables()
        => Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase))
            .ToList();
}
