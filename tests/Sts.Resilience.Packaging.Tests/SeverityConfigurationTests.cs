using System.Text.RegularExpressions;
using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Packaging.Tests;

/// <summary>
/// <c>dotnet_diagnostic.STSR00x.severity</c> in a consumer's <c>.editorconfig</c> is honoured by a real build: the analyzer
/// testing framework applies severities itself, so only the compiler can show a warning turned into a failed build.
/// The consumer loads the analyzer assembly the package ships (<c>analyzers/dotnet/cs</c>) the way the package's
/// <c>Analyzer</c> items do, so this test does not depend on how the package is laid out.
/// </summary>
public sealed partial class SeverityConfigurationTests : IDisposable
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(6);
    private static readonly string[] s_rules = ["STSR001", "STSR002", "STSR003", "STSR004", "STSR005", "STSR006"];

    // Made-up values with the shapes of AWS secrets (never real ones), split so this file holds none whole.
    private const string FakeToken = "IQoJb3JpZ2luX2Vj" + "DVWqyfkrFAZd6+6X/yZl+DcI08WoHmiXWnhREl/Asie+ys64KT2rumOT/zNtTKjCSFbLRCIe2GWM1wYovdzuMobWRv3Dr0501kiKme";
    private const string FakeKeyId = "AKIA" + "J3EGOFSLVMGDDLKU";

    private readonly string _consumer = Directory.CreateTempSubdirectory("sts-resilience-severity-").FullName;

    [Fact]
    public async Task EditorConfigSeverityError_ConsumerBuild_FailsWithEveryRuleAsError()
    {
        await WriteConsumerAsync();

        // Without configuration every rule is a warning and the build succeeds: the code below trips all six.
        var (warnExit, warnOutput) = await DotNetCli.RunAsync(_consumer, CliTimeout, "build", "-nodeReuse:false", "-clp:NoSummary", "-p:UseSharedCompilation=false");
        Assert.True(warnExit == 0, warnOutput);
        Assert.Equal(s_rules, Reported(warnOutput, "warning"));
        Assert.Empty(Reported(warnOutput, "error"));

        await File.WriteAllTextAsync(
            Path.Combine(_consumer, ".editorconfig"),
            "root = true\n\n[*.cs]\n" + string.Concat(s_rules.Select(id => $"dotnet_diagnostic.{id}.severity = error\n")));

        var (errorExit, errorOutput) = await DotNetCli.RunAsync(_consumer, CliTimeout, "build", "-nodeReuse:false", "-clp:NoSummary", "-p:UseSharedCompilation=false", "--no-incremental");
        Assert.True(errorExit != 0, errorOutput);
        Assert.Equal(s_rules, Reported(errorOutput, "error"));
        Assert.Empty(Reported(errorOutput, "warning"));
    }

    [Fact]
    public async Task EditorConfigSeverityNone_ConsumerBuild_RuleSilenced()
    {
        await WriteConsumerAsync();
        await File.WriteAllTextAsync(Path.Combine(_consumer, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.STSR003.severity = none\ndotnet_diagnostic.STSR001.severity = error\n");

        var (exit, output) = await DotNetCli.RunAsync(_consumer, CliTimeout, "build", "-nodeReuse:false", "-clp:NoSummary", "-p:UseSharedCompilation=false");

        Assert.True(exit != 0, output);
        Assert.Equal(["STSR001"], Reported(output, "error"));
        Assert.DoesNotContain("STSR003", output, StringComparison.Ordinal);
    }

    /// <summary>The distinct rule ids the build reported at <paramref name="level"/>, in order.</summary>
    private static string[] Reported(string output, string level)
        => [.. DiagnosticLine().Matches(output).Where(m => m.Groups["level"].Value == level).Select(m => m.Groups["id"].Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@": (?<level>warning|error) (?<id>STSR\d{3}):")]
    private static partial Regex DiagnosticLine();

    private async Task WriteConsumerAsync()
    {
        var packages = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"));
        string Version(string id) => Regex.Match(packages, $"Include=\"{Regex.Escape(id)}\" Version=\"(?<v>[^\"]+)\"").Groups["v"].Value;
        var analyzer = Path.Combine(RepositoryPaths.Root, "analyzers", "Sts.Resilience.Analyzers", "bin", RepositoryPaths.Configuration, "netstandard2.0", "Sts.Resilience.Analyzers.dll");
        Assert.True(File.Exists(analyzer), "The analyzer is built with the library this test project references: " + analyzer);

        await File.WriteAllTextAsync(Path.Combine(_consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.Core" Version="{Version("AWSSDK.Core")}" />
                <PackageReference Include="AWSSDK.SecurityToken" Version="{Version("AWSSDK.SecurityToken")}" />
                <Analyzer Include="{analyzer}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(_consumer, "Everything.cs"), $$"""
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;

            public sealed class Everything(AWSCredentials credentials)
            {
                public const string Token = "{{FakeToken}}";
                public const string KeyId = "{{FakeKeyId}}";

                private ImmutableCredentials? _keys;

                public AWSCredentials Copy(string a, string s, string t) => new SessionAWSCredentials(a, s, t);

                public void Export(string token) => Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", token);

                public AssumeRoleRequest Request() => new() { RoleArn = "arn:aws:iam::123456789012:role/r", DurationSeconds = 60 };

                public void Keep() => _keys = credentials.GetCredentials();

                public string? Suffix() => _keys?.AccessKey;
            }
            """);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_consumer, recursive: true);
        }
        catch (IOException)
        {
            // A compiler process may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
