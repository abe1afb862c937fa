using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Sts.Resilience.Analyzers.Tests.Verifiers;

internal static class TestReferences
{
    /// <summary>No reference package: nothing is downloaded; the framework comes from Basic.Reference.Assemblies (net10.0, matching the AWS SDK build the tests load).</summary>
    public static ReferenceAssemblies Offline { get; } = new("net10.0");

    /// <summary>The AWS SDK assemblies this test project itself was built against.</summary>
    public static IReadOnlyList<MetadataReference> Aws { get; } =
    [
        MetadataReference.CreateFromFile(typeof(Amazon.Runtime.AWSCredentials).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Amazon.SecurityToken.AmazonSecurityTokenServiceClient).Assembly.Location),
    ];
}
