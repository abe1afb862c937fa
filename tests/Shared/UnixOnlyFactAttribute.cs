namespace Sts.Resilience.TestSupport;

/// <summary>
/// A fact that only means something on Linux and macOS (file modes, POSIX signals). On Windows it is reported as
/// skipped, with the reason, instead of passing without having run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class UnixOnlyFactAttribute : FactAttribute
{
    public UnixOnlyFactAttribute(string reason)
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = reason;
        }
    }
}
