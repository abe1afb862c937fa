using Amazon.Runtime;

namespace Sts.Resilience.Tests.CredentialEndpoints;

/// <summary>
/// Sets process environment variables for one test (in <see cref="Retry.Support.RetryTestGroup"/>, which runs alone) and
/// restores them after. Only loopback values are accepted, so the AWS SDK's own providers can be pointed at LocalSts but
/// never at a metadata address.
/// </summary>
internal sealed class ProcessEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public ProcessEnvironment Set(string name, string? value)
    {
        if (value is not null && (value.Contains("169.254.", StringComparison.Ordinal) || value.Contains("fd00:ec2", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"{name} must point at LocalSts on 127.0.0.1, not at a metadata address.");
        }

        _previous.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        ResetSdkEnvironmentCache();
    }

    /// <summary>
    /// AWSSDK.Core 4.1 reads the instance metadata endpoint from the environment once per process and caches it; its own
    /// tests reset it the same way. Called after setting the variables and again after restoring them.
    /// </summary>
    public static void ResetSdkEnvironmentCache()
    {
        var core = typeof(AWSCredentials).Assembly;
        var found = 0;
        foreach (var (typeName, method) in new[] { ("FallbackInternalConfigurationFactory", "Reset"), ("EC2InstanceMetadata", "ResetServiceEndpoint") })
        {
            var type = core.GetTypes().Single(t => t.Name == typeName);
            var reset = type.GetMethod(method, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic);
            if (reset is not null && reset.GetParameters().Length == 0)
            {
                reset.Invoke(null, null);
                found++;
            }
        }

        if (found == 0)
        {
            throw new InvalidOperationException("AWSSDK.Core no longer has the reset methods these tests rely on.");
        }
    }
}
