using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Sts.Resilience.Analyzers.Tests.Verifiers;

/// <summary>Runs an analyzer over test code compiled offline against .NET 10 and the real AWS SDK assemblies.</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>With an <c>.editorconfig</c> (section <c>[*.cs]</c> added) and optionally a <c>.globalconfig</c>.</summary>
    public static Task VerifyWithConfigAsync(string source, string editorConfig, string? globalConfig = null, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorConfig));
        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyWithReferencesAsync(string source, IEnumerable<MetadataReference> references, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, ExtraReferences = [.. references] };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyWithoutAwsAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, ReferenceAws = false };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    internal sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Offline;
        }

        public bool ReferenceAws { get; init; } = true;

        public IReadOnlyList<MetadataReference> ExtraReferences { get; init; } = [];

        protected override Project ApplyCompilationOptions(Project project)
        {
            project = base.ApplyCompilationOptions(project);
            project = project.AddMetadataReferences(Basic.Reference.Assemblies.Net100.References.All);
            project = project.AddMetadataReferences(ExtraReferences);
            return ReferenceAws ? project.AddMetadataReferences(TestReferences.Aws) : project;
        }
    }
}
