using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace Sts.Resilience.Packaging.Tests;

/// <summary>
/// Proves the packages work as a user gets them: pack, restore one into a throwaway consumer from a local folder, build,
/// and see the analyzers inside the core package report on the consumer's code, whichever package it references.
/// </summary>
public sealed class PackageTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    // 100 random base64 characters: with the prefix below, the shape of a session token, never a real one.
    private const string FakeTokenTail = "DVWqyfkrFAZd6+6X/yZl+DcI08WoHmiXWnhREl/Asie+ys64KT2rumOT/zNtTKjCSFbLRCIe2GWM1wYovdzuMobWRv3Dr0501kiKme";

    /// <summary>What only the hosting package brings; a consumer of the core must have none of it.</summary>
    private static readonly string[] HostingOnly =
    [
        "Sts.Resilience.Hosting",
        "AWSSDK.Extensions.NETCore.Setup",
        "Microsoft.Extensions.Hosting.Abstractions",
        "Microsoft.Extensions.Diagnostics.HealthChecks",
        "Microsoft.Extensions.Options.ConfigurationExtensions",
        "Microsoft.Extensions.Configuration.Binder",
    ];

    private static readonly Dictionary<string, string> AnalyzerBait = new()
    {
        ["Credentials.cs"] = """
            using Amazon.Runtime;

            public static class Credentials
            {
                public static AWSCredentials FromEnvironmentCopy(string key, string secret, string token)
                    => new SessionAWSCredentials(key, secret, token);
            }
            """,
        // A made-up token with the shape of a real one (STSR001 runs on string constants everywhere).
        ["Fixtures.cs"] = $$"""
            public static class Fixtures
            {
                public const string SessionToken = "IQoJb3JpZ2luX2Vj{{FakeTokenTail}}";
            }
            """,
    };

    [Fact]
    public void Pack_Core_AnalyzersAndBuildPropsInsideNoHostingDependency()
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath("Sts.Resilience"));
        var entries = Entries(zip);

        Assert.Contains("lib/net8.0/Sts.Resilience.dll", entries);
        Assert.Contains("lib/net8.0/Sts.Resilience.xml", entries);
        Assert.Contains("lib/netstandard2.0/Sts.Resilience.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Sts.Resilience.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Sts.Resilience.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("build/Sts.Resilience.props", entries);
        Assert.Contains("buildTransitive/Sts.Resilience.props", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Analyzers", StringComparison.Ordinal));

        var metadata = Metadata(zip);
        Assert.Equal("expression", metadata.Element(metadata.Name.Namespace + "license")?.Attribute("type")?.Value);
        Assert.False(string.IsNullOrEmpty(metadata.Element(metadata.Name.Namespace + "repository")?.Attribute("url")?.Value));
        Assert.Equal("README.md", metadata.Element(metadata.Name.Namespace + "readme")?.Value);
        var dependencies = Dependencies(metadata).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["AWSSDK.Core", "AWSSDK.SecurityToken", "Microsoft.Bcl.TimeProvider", "Microsoft.Extensions.Logging.Abstractions", "System.Diagnostics.DiagnosticSource"],
            dependencies);
    }

    [Fact]
    public void Pack_Hosting_DependsOnCoreWithItsAnalyzersAndBuildAssets()
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath("Sts.Resilience.Hosting"));
        var entries = Entries(zip);
        Assert.Contains("lib/net8.0/Sts.Resilience.Hosting.dll", entries);
        Assert.Contains("lib/netstandard2.0/Sts.Resilience.Hosting.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));

        var core = Dependencies(Metadata(zip)).Where(d => d.Id == "Sts.Resilience").ToList();
        Assert.Equal(2, core.Count); // one per target framework
        Assert.All(core, d =>
        {
            Assert.Equal(feed.Version, d.Version);
            // NuGet's default for a project reference is exclude="Build,Analyzers": the analyzers would stop here.
            Assert.DoesNotContain("Analyzers", d.Exclude, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Build", d.Exclude, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void Pack_TestingAndDoctor_Pack()
    {
        using (var testing = ZipFile.OpenRead(feed.PackagePath("Sts.Resilience.Testing")))
        {
            Assert.Contains("lib/net8.0/Sts.Resilience.Testing.dll", Entries(testing));
            Assert.DoesNotContain(Dependencies(Metadata(testing)), d => d.Id.StartsWith("Sts.Resilience", StringComparison.Ordinal));
        }

        using var doctor = ZipFile.OpenRead(feed.PackagePath("Sts.Resilience.Doctor"));
        var entries = Entries(doctor);
        Assert.Contains("tools/net8.0/any/sts-doctor.dll", entries);
        Assert.Contains("tools/net8.0/any/Sts.Resilience.dll", entries);
        Assert.Contains("tools/net8.0/any/DotnetToolSettings.xml", entries);
    }

    [Fact]
    public async Task CoreConsumer_Build_ReportsAnalyzerDiagnosticsAndIsTestProjectReachesThem()
    {
        var consumer = await Consumer.CreateAsync(feed, "CoreConsumer", "Sts.Resilience", AnalyzerBait);

        await AssertAnalyzerWarningsAsync(consumer);

        // A Lambda function or console tool that only needs the credentials gets nothing of the hosting side.
        var libraries = DepsJsonLibraries(Path.Combine(consumer.Directory, "bin", "Debug", "net10.0", "CoreConsumer.deps.json"));
        Assert.Contains(libraries, l => l.StartsWith("Sts.Resilience/", StringComparison.Ordinal));
        Assert.Contains(libraries, l => l.StartsWith("AWSSDK.SecurityToken/", StringComparison.Ordinal));
        foreach (var id in HostingOnly)
        {
            Assert.DoesNotContain(libraries, l => l.StartsWith(id + "/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task HostingConsumer_Build_ReportsTheCoreAnalyzersDiagnosticsTransitively()
    {
        var files = new Dictionary<string, string>(AnalyzerBait)
        {
            ["Startup.cs"] = """
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static IServiceCollection Configure(IServiceCollection services) => services.AddRefreshingRoleCredentials();
                }
                """,
        };
        var consumer = await Consumer.CreateAsync(feed, "HostingConsumer", "Sts.Resilience.Hosting", files);

        // Also proves the core's props arrive through buildTransitive: STSR003 still knows a test project.
        await AssertAnalyzerWarningsAsync(consumer);

        var libraries = DepsJsonLibraries(Path.Combine(consumer.Directory, "bin", "Debug", "net10.0", "HostingConsumer.deps.json"));
        Assert.Contains(libraries, l => l.StartsWith("Sts.Resilience.Hosting/", StringComparison.Ordinal));
        Assert.Contains(libraries, l => l.StartsWith("Sts.Resilience/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Builds the consumer and sees STSR001 and STSR003 on the bait; then as a test project, where the core's build props
    /// make IsTestProject visible to the analyzer: STSR003 is off in test projects by default, while STSR001 (a leaked
    /// token is a leak anywhere) still fires.
    /// </summary>
    private static async Task AssertAnalyzerWarningsAsync(Consumer consumer)
    {
        var (exit, output) = await consumer.BuildAsync();

        Assert.True(exit == 0, output);
        Assert.Contains("Credentials.cs(6,", output, StringComparison.Ordinal);
        Assert.Contains("warning STSR003", output, StringComparison.Ordinal);
        Assert.Contains("Fixtures.cs(3,", output, StringComparison.Ordinal);
        Assert.Contains("warning STSR001", output, StringComparison.Ordinal);

        var (testExit, testOutput) = await consumer.BuildAsync("--no-incremental", "-p:IsTestProject=true");

        Assert.True(testExit == 0, testOutput);
        Assert.DoesNotContain("warning STSR003", testOutput, StringComparison.Ordinal);
        Assert.Contains("warning STSR001", testOutput, StringComparison.Ordinal);
    }

    private static HashSet<string> Entries(ZipArchive zip) => zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

    private static XElement Metadata(ZipArchive zip)
    {
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        return nuspec.Root!.Element(nuspec.Root.Name.Namespace + "metadata")!;
    }

    private static List<(string Id, string Version, string Exclude)> Dependencies(XElement metadata) =>
        metadata.Descendants(metadata.Name.Namespace + "dependency")
            .Select(d => (d.Attribute("id")!.Value, d.Attribute("version")!.Value, d.Attribute("exclude")?.Value ?? ""))
            .ToList();

    /// <summary>The <c>libraries</c> of a deps.json: <c>Id/Version</c> of every package and project the app loads from.</summary>
    private static List<string> DepsJsonLibraries(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
    }
}
