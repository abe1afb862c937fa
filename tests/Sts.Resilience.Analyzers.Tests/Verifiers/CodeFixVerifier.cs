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
        => VerifyAsync(source, fixedSource, CompilerDiagnostics.Errors, extraSources, expected);

    /// <summary>
    /// As <see cref="VerifyAsync(string, string, IEnumerable{string}?, DiagnosticResult[])"/>, and both the code before and the
    /// fixed code compile without a single compiler warning (CS1998 for an async method left without await, for one).
    /// </summary>
    public static Task VerifyCompilesCleanAsync(string source, string fixedSource, IEnumerable<string>? extraSources = null, params DiagnosticResult[] expected)
        => VerifyAsync(source, fixedSource, CompilerDiagnostics.Warnings, extraSources, expected);

    private static Task VerifyAsync(string source, string fixedSource, CompilerDiagnostics compilerDiagnostics, IEnumerable<string>? extraSources, DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CompilerDiagnostics = compilerDiagnostics };
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

            // As the .NET SDK does (NoWarn 1701;1702): the AWS SDK's net8.0 build references System.Runtime 8.0 and binds to 10.0.
            // CS1591 only because the test sources parse documentation comments, which a project without XML docs does not.
            var options = project.CompilationOptions!;
            project = project.WithCompilationOptions(options.WithSpecificDiagnosticOptions(
                options.SpecificDiagnosticOptions.SetItem("CS1701", ReportDiagnostic.Suppress).SetItem("CS1702", ReportDiagnostic.Suppress).SetItem("CS1591", ReportDiagnostic.Suppress)));
            return project.AddMetadataReferences(TestReferences.Aws);
        }
    }
}
