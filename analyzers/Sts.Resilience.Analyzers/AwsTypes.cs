using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Sts.Resilience.Analyzers;

/// <summary>
/// The AWS SDK (and Sts.Resilience) types the rules need, resolved once per compilation and shared by every
/// analyzer. Looked up in the one assembly that defines each type: <c>Compilation.GetTypeByMetadataName</c>
/// would search all ~200 framework references, which measurably costs the first analyzer to ask.
/// </summary>
internal sealed class AwsTypes
{
    private static readonly ConditionalWeakTable<Compilation, AwsTypes> s_cache = new();

    private AwsTypes(Compilation compilation)
    {
        IAssemblySymbol? core = null, sts = null, library = null;
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            switch (assembly.Name)
            {
                case "AWSSDK.Core":
                    core = assembly;
                    break;
                case "AWSSDK.SecurityToken":
                    sts = assembly;
                    break;
                case "Sts.Resilience":
                    library = assembly;
                    break;
            }
        }

        AWSCredentials = core?.GetTypeByMetadataName(AwsTypeNames.AWSCredentials);
        SessionAWSCredentials = core?.GetTypeByMetadataName(AwsTypeNames.SessionAWSCredentials);
        ImmutableCredentials = core?.GetTypeByMetadataName(AwsTypeNames.ImmutableCredentials);
        AssumeRoleAWSCredentialsOptions = core?.GetTypeByMetadataName(AwsTypeNames.AssumeRoleAWSCredentialsOptions);
        AssumeRoleRequest = sts?.GetTypeByMetadataName(AwsTypeNames.AssumeRoleRequest);
        AssumeRoleWithWebIdentityRequest = sts?.GetTypeByMetadataName(AwsTypeNames.AssumeRoleWithWebIdentityRequest);
        AssumeRoleWithSAMLRequest = sts?.GetTypeByMetadataName(AwsTypeNames.AssumeRoleWithSAMLRequest);
        GetSessionTokenRequest = sts?.GetTypeByMetadataName(AwsTypeNames.GetSessionTokenRequest);
        GetFederationTokenRequest = sts?.GetTypeByMetadataName(AwsTypeNames.GetFederationTokenRequest);
        AssumeRootRequest = sts?.GetTypeByMetadataName(AwsTypeNames.AssumeRootRequest);
        StsCredentials = sts?.GetTypeByMetadataName(AwsTypeNames.StsCredentials);

        // The library itself, or a consumer of it (or, in tests, a stub compiled in).
        RefreshingRoleCredentialsOptions = FindLibraryType(compilation, library, AwsTypeNames.RefreshingRoleCredentialsOptions);
        RefreshingWebIdentityCredentialsOptions = FindLibraryType(compilation, library, AwsTypeNames.RefreshingWebIdentityCredentialsOptions);
    }

    public INamedTypeSymbol? AWSCredentials { get; }

    public INamedTypeSymbol? SessionAWSCredentials { get; }

    public INamedTypeSymbol? ImmutableCredentials { get; }

    public INamedTypeSymbol? AssumeRoleAWSCredentialsOptions { get; }

    public INamedTypeSymbol? AssumeRoleRequest { get; }

    public INamedTypeSymbol? AssumeRoleWithWebIdentityRequest { get; }

    public INamedTypeSymbol? AssumeRoleWithSAMLRequest { get; }

    public INamedTypeSymbol? StsCredentials { get; }

    public INamedTypeSymbol? RefreshingRoleCredentialsOptions { get; }

    /// <summary>The web-identity options of the library, recognised by name (absent from versions that do not have it).</summary>
    public INamedTypeSymbol? RefreshingWebIdentityCredentialsOptions { get; }

    public INamedTypeSymbol? GetSessionTokenRequest { get; }

    public INamedTypeSymbol? GetFederationTokenRequest { get; }

    public INamedTypeSymbol? AssumeRootRequest { get; }

    private INamedTypeSymbol? FindLibraryType(Compilation compilation, IAssemblySymbol? library, string metadataName)
        => AWSCredentials is null
            ? null
            : compilation.Assembly.GetTypeByMetadataName(metadataName) ?? library?.GetTypeByMetadataName(metadataName);

    /// <summary>The types, or <see langword="null"/> when the compilation does not reference AWSSDK.Core.</summary>
    public static AwsTypes? Get(Compilation compilation)
    {
        var types = s_cache.GetValue(compilation, static c => new AwsTypes(c));
        return types.AWSCredentials is null ? null : types;
    }
}
