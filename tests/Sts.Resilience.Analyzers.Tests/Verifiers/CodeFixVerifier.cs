using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Sts.Resilience.Analyzers.Tests.Verifiers;

/// <summary>Runs an analyzer and its code fix (one by one and Fix All) offline, like <see cref="AnalyzerVerifier{TAnalyzer}"/>.</summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    /// <summary>
    /// Applies the fix to each diagnostic, then Fix All in document, project and solution scope; every route must
    /// reach <paramref name="fixedSource"/>. <paramref name="extraSources"/> (stubs) are compiled beside both.
    /// </summary>
    public static Task VerifyAsync(string source, string fixedSource, IEnumerable<string>? extraSources = null, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        foreach (var extra in extraSources ?? [])
        {
            test.TestState.Sources.Add(extra);
            test.FixedState.Sources.Add(extra);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    internal sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Offline;
        }

        protected override Project ApplyCompilationOptions(Project project)
        {
            project = base.ApplyCompilationOptions(project);
            project = project.AddMetadataReferences(Basic.Reference.Assemblies.Net100.References.All);
            return project.AddMetadataReferences(TestReferences.Aws);
        }
    }
}
