using System.Xml.Linq;
using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Packaging.Tests;

/// <summary>The solution's project references, as MSBuild schedules them when the README's test command builds it.</summary>
public sealed class BuildGraphTests
{
    /// <summary>
    /// <c>SetTargetFramework</c> on a reference to a project with one target framework gives MSBuild a second
    /// configuration of that project (the solution builds it without the property): both build at once into the same
    /// folder, and one fails writing its <c>.deps.json</c> ("being used by another process"), which a loaded CI pair hit.
    /// </summary>
    [Fact]
    public void SetTargetFramework_OnlyOnReferencesToMultiTargetedProjects()
    {
        var offenders = new List<string>();
        foreach (var project in Directory.EnumerateFiles(RepositoryPaths.Root, "*.csproj", SearchOption.AllDirectories))
        {
            if (project.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || project.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                if (reference.Attribute("SetTargetFramework") is null)
                {
                    continue;
                }

                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include));
                if (!XDocument.Load(target).Descendants("TargetFrameworks").Any())
                {
                    offenders.Add($"{Path.GetRelativePath(RepositoryPaths.Root, project)} -> {Path.GetRelativePath(RepositoryPaths.Root, target)}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "SetTargetFramework on a reference to a single-target project: " + string.Join("; ", offenders));
    }
}
