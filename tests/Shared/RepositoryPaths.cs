using System.Reflection;

namespace Sts.Resilience.TestSupport;

internal static class RepositoryPaths
{
    /// <summary>The folder that holds <c>Sts.Resilience.sln</c>, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration (Debug/Release) this test assembly, and so the library beside it, was built in.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sts.Resilience.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sts.Resilience.sln not found above " + AppContext.BaseDirectory);
    }
}
