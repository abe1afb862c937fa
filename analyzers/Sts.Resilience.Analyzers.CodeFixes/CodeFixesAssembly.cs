namespace Sts.Resilience.Analyzers.CodeFixes;

/// <summary>Marks the code-fix assembly; the fixes for each rule live beside this file.</summary>
internal static class CodeFixesAssembly
{
    /// <summary>The equivalence-key prefix every fix in this assembly uses, so Fix All groups them per rule.</summary>
    public const string EquivalenceKeyPrefix = "Sts.Resilience.";
}
