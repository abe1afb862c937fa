using System.Runtime.CompilerServices;

namespace Sts.Resilience.TestSupport;

/// <summary>
/// With <c>CI=true</c> (set by <c>.ci/run</c> and by CI systems), Snapshooter runs in strict mode: a snapshot missing
/// from the clone fails its test instead of being written and passing.
/// </summary>
internal static class StrictSnapshotsInCi
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Strict mode must be on before any snapshot is matched.")]
    internal static void Initialize()
    {
        if (IsCi)
        {
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "true");
        }
    }
}
