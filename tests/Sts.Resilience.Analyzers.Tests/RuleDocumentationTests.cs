using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Sts.Resilience.Analyzers.Tests;

/// <summary>Every rule a user can hit has a help page that exists, and is listed where users look for it.</summary>
public class RuleDocumentationTests
{
    private static readonly string s_root = FindRepositoryRoot();

    public static TheoryData<string> RuleIds => [.. AllDescriptors().Select(d => d.Id).Distinct()];

    [Fact]
    public void Analyzers_ReportAllSixRules()
        => Assert.Equal(["STSR001", "STSR002", "STSR003", "STSR004", "STSR005", "STSR006"], AllDescriptors().Select(d => d.Id).Distinct().Order());

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void HelpLink_PointsAtExistingDocPageWithEverySection(string id)
    {
        var descriptor = AllDescriptors().First(d => d.Id == id);
        var match = Regex.Match(descriptor.HelpLinkUri, "/blob/main/(docs/rules/STSR\\d{3}\\.md)$");
        Assert.True(match.Success, descriptor.HelpLinkUri);

        var page = Path.Combine(s_root, match.Groups[1].Value);
        Assert.True(File.Exists(page), $"{id}: {descriptor.HelpLinkUri} has no page at {page}");
        Assert.Equal($"docs/rules/{id}.md", match.Groups[1].Value);

        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: ", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Why", "## Non-compliant code", "## Compliant code", "## Configuration", "## How to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Readme_RulesTableListsRuleWithLink(string id)
    {
        var readme = File.ReadAllText(Path.Combine(s_root, "README.md"));
        Assert.Matches(new Regex($@"^\| {id} \|.*\(docs/rules/{id}\.md\) \|$", RegexOptions.Multiline), readme);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void ReleaseTracking_ListsRule(string id)
    {
        var unshipped = File.ReadAllText(Path.Combine(s_root, "analyzers/Sts.Resilience.Analyzers/AnalyzerReleases.Unshipped.md"));
        Assert.Matches(new Regex($@"^{id} \| Sts\.Resilience \| Warning \|", RegexOptions.Multiline), unshipped);
    }

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors()
        => typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sts.Resilience.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Sts.Resilience.sln not found above " + AppContext.BaseDirectory);
    }
}
