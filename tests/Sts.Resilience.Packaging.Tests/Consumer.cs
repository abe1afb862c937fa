namespace Sts.Resilience.Packaging.Tests;

/// <summary>
/// A throwaway project that references one package from a <see cref="PackedFeed"/>. It restores from nothing but that
/// feed and this machine's NuGet cache (read as a folder feed), into a package folder of its own, so a test neither
/// reaches a network feed nor leaves test versions in the shared cache.
/// </summary>
internal sealed class Consumer
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(4);

    private Consumer(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The machine's NuGet cache: where the repository's own restore put every dependency the packages name.</summary>
    public static string SharedCache =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static async Task<Consumer> CreateAsync(PackedFeed feed, string name, string packageId, IReadOnlyDictionary<string, string> files)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(feed.Work, name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(directory, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="sts-resilience-local" value="{feed.Feed}" />
                <add key="machine-cache" value="{SharedCache}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{packageId}" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        foreach (var (file, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, file), text);
        }

        return new Consumer(directory);
    }

    public Task<(int ExitCode, string Output)> BuildAsync(params string[] extra) =>
        DotNetCli.RunAsync(Directory, CliTimeout, ["build", "-nodeReuse:false", "-clp:NoSummary", .. extra]);
}
