namespace Sts.Resilience.Testing.Tests;

public class IndependenceTests
{
    [Fact]
    public void TestingAssembly_ReferencesNeitherTheLibraryNorTheAnalyzers()
    {
        // LocalSts judges the library's requests: sharing code with it would let a mistake hide on both sides.
        var references = typeof(LocalSts).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Sts.Resilience", references);
        Assert.DoesNotContain(references, name => name!.StartsWith("Sts.Resilience.Analyzers", StringComparison.Ordinal));
    }
}
