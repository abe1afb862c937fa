using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Sts.Resilience.Analyzers;

/// <summary>Reads the <c>STSR0xx.option</c> keys of <c>.editorconfig</c> / <c>.globalconfig</c>.</summary>
internal static class AnalyzerOptionReader
{
    public const string AllowedPatternsSuffix = ".allowed_patterns";
    public const string IncludeTestProjectsKey = "STSR003.include_test_projects";

    private static readonly ConcurrentDictionary<string, Regex?> s_patterns = new(StringComparer.Ordinal);

    /// <summary>The user's extra allowed placeholder pattern for a rule (a .NET regular expression), or <see langword="null"/>.</summary>
    public static Regex? GetAllowedPattern(AnalyzerOptions options, SyntaxTree tree, string ruleId)
    {
        if (!options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(ruleId + AllowedPatternsSuffix, out var pattern)
            || string.IsNullOrWhiteSpace(pattern))
        {
            return null;
        }

        return s_patterns.GetOrAdd(pattern, static p =>
        {
            try
            {
                return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
            }
            catch (ArgumentException)
            {
                // An invalid pattern allows nothing rather than failing the build from inside the analyzer.
                return null;
            }
        });
    }

    public static bool IsTrue(AnalyzerConfigOptions options, string key)
        => options.TryGetValue(key, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
