using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Packaging.Tests;

/// <summary>
/// Packs the four shipped projects once, into a folder feed, with a version no real feed has; the tests of a class
/// share it. The folder is deleted afterwards.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The packages, in the order they are packed.</summary>
    public static readonly string[] PackageIds = ["Sts.Resilience", "Sts.Resilience.Hosting", "Sts.Resilience.Testing", "Sts.Resilience.Doctor"];

    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(4);

    /// <summary>A throwaway folder for the feed and the consumers.</summary>
    public string Work { get; } = Directory.CreateTempSubdirectory("sts-resilience-pack-").FullName;

    /// <summary>The version every package was packed with.</summary>
    public string Version { get; } = "0.0.0-pkgtest." + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The folder feed holding the packages.</summary>
    public string Feed => Path.Combine(Work, "feed");

    /// <summary>The path of a package in <see cref="Feed"/>.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var id in PackageIds)
        {
            var (exit, output) = await DotNetCli.RunAsync(
                RepositoryPaths.Root, CliTimeout,
                "pack", $"src/{id}/{id}.csproj", "--no-build", "-c", RepositoryPaths.Configuration,
                "-o", Feed, "-p:PackageVersion=" + Version, "-nodeReuse:false");
            Assert.True(exit == 0, output);
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned by the OS.
        }

        return Task.CompletedTask;
    }
}
