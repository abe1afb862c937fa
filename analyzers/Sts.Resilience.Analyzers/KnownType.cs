using Microsoft.CodeAnalysis;

namespace Sts.Resilience.Analyzers;

/// <summary>
/// The AWS SDK, BCL and Sts.Resilience types the rules need, recognised by name on the symbols the compiler has
/// already bound for the code under analysis. Nothing is looked up: resolving them up front
/// (<c>GetTypeByMetadataName</c>, <c>ReferencedAssemblySymbols</c>) made the first analyzer's compilation start bind
/// every reference and load the SDK's namespaces before the compiler got there, about 0.1 s of CPU charged to the
/// rules in a 500-file build (docs/benchmarks.md, "What the analyzers cost").
/// </summary>
internal sealed class KnownType
{
    private const string AwsCore = "AWSSDK.Core";
    private const string AwsSts = "AWSSDK.SecurityToken";

    public static readonly KnownType AWSCredentials = new(AwsTypeNames.AWSCredentials, AwsCore);
    public static readonly KnownType SessionAWSCredentials = new(AwsTypeNames.SessionAWSCredentials, AwsCore);
    public static readonly KnownType ImmutableCredentials = new(AwsTypeNames.ImmutableCredentials, AwsCore);
    public static readonly KnownType AssumeRoleAWSCredentialsOptions = new(AwsTypeNames.AssumeRoleAWSCredentialsOptions, AwsCore);
    public static readonly KnownType AssumeRoleRequest = new(AwsTypeNames.AssumeRoleRequest, AwsSts);
    public static readonly KnownType AssumeRoleWithWebIdentityRequest = new(AwsTypeNames.AssumeRoleWithWebIdentityRequest, AwsSts);
    public static readonly KnownType AssumeRoleWithSAMLRequest = new(AwsTypeNames.AssumeRoleWithSAMLRequest, AwsSts);
    public static readonly KnownType GetSessionTokenRequest = new(AwsTypeNames.GetSessionTokenRequest, AwsSts);
    public static readonly KnownType GetFederationTokenRequest = new(AwsTypeNames.GetFederationTokenRequest, AwsSts);
    public static readonly KnownType AssumeRootRequest = new(AwsTypeNames.AssumeRootRequest, AwsSts);
    public static readonly KnownType StsCredentials = new(AwsTypeNames.StsCredentials, AwsSts);

    // The library's own types: in its assembly, or (the library itself, and the analyzer tests' stub) in the source.
    public static readonly KnownType RefreshingRoleCredentialsOptions = new(AwsTypeNames.RefreshingRoleCredentialsOptions, assembly: null);
    public static readonly KnownType RefreshingWebIdentityCredentialsOptions = new(AwsTypeNames.RefreshingWebIdentityCredentialsOptions, assembly: null);

    // Defined by whichever core library the compilation has (System.Runtime, System.Private.CoreLib, mscorlib, netstandard).
    public static readonly KnownType TimeSpan = new("System.TimeSpan", assembly: null);

    private readonly string _assembly;
    private readonly string[] _namespace;

    /// <param name="metadataName">The namespace-qualified name, as in <see cref="AwsTypeNames"/> (one home for each name).</param>
    /// <param name="assembly">The defining assembly, or <see langword="null"/> when any may define it.</param>
    private KnownType(string metadataName, string? assembly)
    {
        var parts = metadataName.Split('.');
        Name = parts[parts.Length - 1];
        _namespace = parts.Take(parts.Length - 1).ToArray();
        _assembly = assembly ?? string.Empty;
    }

    /// <summary>The type's simple name.</summary>
    public string Name { get; }

    /// <summary>Whether <paramref name="type"/> is this type: name first (almost every question ends there), then namespace and assembly.</summary>
    public bool Is(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { Arity: 0, ContainingType: null } named || !string.Equals(named.Name, Name, StringComparison.Ordinal))
        {
            return false;
        }

        var ns = named.ContainingNamespace;
        for (var i = _namespace.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.IsGlobalNamespace || !string.Equals(ns.Name, _namespace[i], StringComparison.Ordinal))
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true }
               && (_assembly.Length == 0 || string.Equals(named.ContainingAssembly?.Name, _assembly, StringComparison.Ordinal));
    }

    /// <summary>Whether <paramref name="type"/> is this type or derives from it.</summary>
    public bool IsBaseOf(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current))
            {
                return true;
            }
        }

        return false;
    }
}
