using Microsoft.CodeAnalysis;

namespace Sts.Resilience.Analyzers;

/// <summary>What a compilation references, read from its reference list without binding any of it.</summary>
internal static class CompilationReferences
{
    /// <summary>
    /// Whether the compilation references AWSSDK.Core, the early exit of every rule but STSR001/002. Read from the
    /// file names of its references (<see cref="Compilation.ExternalReferences"/>): no assembly is bound to answer.
    /// </summary>
    public static bool HasAwsSdk(Compilation compilation) => Any(compilation, static name => string.Equals(name, "AWSSDK.Core", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether any reference's assembly name (its file name without extension) satisfies <paramref name="match"/>.</summary>
    public static bool Any(Compilation compilation, Func<string, bool> match)
    {
        foreach (var reference in compilation.ExternalReferences)
        {
            if (GetName(reference) is { } name && match(name))
            {
                return true;
            }
        }

        return false;
    }

    private static string? GetName(MetadataReference reference)
    {
        if (reference is CompilationReference compilationReference)
        {
            return compilationReference.Compilation.AssemblyName;
        }

        var path = (reference as PortableExecutableReference)?.FilePath ?? reference.Display;
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var start = path!.LastIndexOfAny(['/', '\\']) + 1;
        var end = path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
            ? path.Length - 4
            : path.Length;
        return end > start ? path.Substring(start, end - start) : null;
    }
}
