using System.IO.Compression;
using System.Xml.Linq;

namespace Sts.Resilience.Tests.Packaging;

/// <summary>
/// Proves the package works as a user gets it: pack, restore it into a throwaway consumer from a
/// local folder, build, and see the analyzer inside the package report on the consumer's code.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(4);
    // 100 random base64 characters: with the prefix above, the shape of a session token, never a real one.
    private const string FakeTokenTail = "DVWqyfkrFAZd6+6X/yZl+DcI08WoHmiXWnhREl/Asie+ys64KT2rumOT/zNtTKjCSFbLRCIe2GWM1wYovdzuMobWRv3Dr0501kiKme";

    private readonly string _work = Directory.CreateTempSubdirectory("sts-resilience-pack-").FullName;
    private string? _version;

    [Fact]
    public async Task Pack_ConsumerBuild_ReportsAnalyzerDiagnosticsFromPackage()
    {
        var version = _version = "0.0.0-pkgtest." + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;

        var (packExit, packOutput) = await DotNetCli.RunAsync(
            RepositoryPaths.Root, CliTimeout,
            "pack", "src/Sts.Resilience/Sts.Resilience.csproj", "--no-build", "-c", RepositoryPaths.Configuration,
            "-o", feed, "-p:PackageVersion=" + version, "-nodeReuse:false");
        Assert.True(packExit == 0, packOutput);

        var nupkg = Path.Combine(feed, $"Sts.Resilience.{version}.nupkg");
        AssertPackageLayout(nupkg);

        var consumer = Directory.CreateDirectory(Path.Combine(_work, "consumer")).FullName;
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <!-- Only the package under test, from its folder; its dependencies come from the NuGet cache the repository's restore filled. -->
                <clear />
                <add key="sts-resilience-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sts.Resilience" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Credentials.cs"), """
            using Amazon.Runtime;

            public static class Credentials
            {
                public static AWSCredentials FromEnvironmentCopy(string key, string secret, string token)
                    => new SessionAWSCredentials(key, secret, token);
            }
            """);

        // A made-up token with the shape of a real one (STSR001 runs on string constants everywhere).
        await File.WriteAllTextAsync(Path.Combine(consumer, "Fixtures.cs"), $$"""
            public static class Fixtures
            {
                public const string SessionToken = "IQoJb3JpZ2luX2Vj{{FakeTokenTail}}";
            }
            """);

        var (buildExit, buildOutput) = await DotNetCli.RunAsync(consumer, CliTimeout, "build", "-nodeReuse:false", "-clp:NoSummary");

        Assert.True(buildExit == 0, buildOutput);
        Assert.Contains("Credentials.cs(6,", buildOutput, StringComparison.Ordinal);
        Assert.Contains("warning STSR003", buildOutput, StringComparison.Ordinal);
        Assert.Contains("Fixtures.cs(3,", buildOutput, StringComparison.Ordinal);
        Assert.Contains("warning STSR001", buildOutput, StringComparison.Ordinal);

        // The package's build props make IsTestProject visible to the analyzer: STSR003 is off in test
        // projects by default, while STSR001 (a leaked token is a leak anywhere) still fires.
        var (testBuildExit, testBuildOutput) = await DotNetCli.RunAsync(
            consumer, CliTimeout, "build", "-nodeReuse:false", "-clp:NoSummary", "--no-incremental", "-p:IsTestProject=true");

        Assert.True(testBuildExit == 0, testBuildOutput);
        Assert.DoesNotContain("warning STSR003", testBuildOutput, StringComparison.Ordinal);
        Assert.Contains("warning STSR001", testBuildOutput, StringComparison.Ordinal);
    }

    private static void AssertPackageLayout(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("lib/net8.0/Sts.Resilience.dll", entries);
        Assert.Contains("lib/net8.0/Sts.Resilience.xml", entries);
        Assert.Contains("lib/netstandard2.0/Sts.Resilience.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Sts.Resilience.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Sts.Resilience.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("build/Sts.Resilience.props", entries);
        Assert.Contains("buildTransitive/Sts.Resilience.props", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Analyzers", StringComparison.Ordinal));

        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
        Assert.False(string.IsNullOrEmpty(metadata.Element(ns + "repository")?.Attribute("url")?.Value));
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        Assert.Contains("AWSSDK.SecurityToken", dependencies);
        Assert.DoesNotContain(dependencies, d => d.Contains("Analyzers", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        // The consumer's restore copied this one-off version into the machine's NuGet cache: take it out again.
        if (_version is not null)
        {
            TryDelete(Path.Combine(GlobalPackagesFolder(), "sts.resilience", _version));
        }

        TryDelete(_work);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private static string GlobalPackagesFolder()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
