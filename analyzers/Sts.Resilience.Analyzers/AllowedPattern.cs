using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Sts.Resilience.Analyzers;

/// <summary>
/// Where a rule's <c>allowed_patterns</c> option is read from, read only when a candidate secret needs it: most text
/// has no secret's shape, and then the options of its file are never looked up.
/// </summary>
internal readonly struct AllowedPattern
{
    private readonly AnalyzerOptions? _options;
    private readonly SyntaxTree? _tree;
    private readonly string? _ruleId;

    public AllowedPattern(AnalyzerOptions options, SyntaxTree tree, string ruleId)
    {
        _options = options;
        _tree = tree;
        _ruleId = ruleId;
    }

    /// <summary>The user's pattern, or <see langword="null"/> (none configured, or no options, as in <c>default</c>).</summary>
    public Regex? Get()
        => _options is null || _tree is null || _ruleId is null ? null : AnalyzerOptionReader.GetAllowedPattern(_options, _tree, _ruleId);
}
