using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Sts.Resilience.Tests.Targets;

/// <summary>
/// These sources run three times: Sts.Resilience.Tests (net8.0 build of the library, .NET 10 runtime),
/// Sts.Resilience.NetStandard.Tests (netstandard2.0 build, .NET 10 runtime) and Sts.Resilience.Net8.Tests
/// (net8.0 build, self-contained on the .NET 8 runtime). These tests fail when a run is not what its name says.
/// </summary>
public sealed class TargetTests
{
#if STS_LIBRARY_NETSTANDARD
    private const string ExpectedLibraryBuild = ".NETStandard,Version=v2.0";
#else
    private const string ExpectedLibraryBuild = ".NETCoreApp,Version=v8.0";
#endif

#if NET8_0
    private const int ExpectedRuntimeMajor = 8;
#else
    private const int ExpectedRuntimeMajor = 10;
#endif

    [Fact]
    public void LibraryBuild_IsTheOneThisTestAssemblyIsFor()
    {
        var library = typeof(RefreshingRoleCredentials).Assembly;

        var framework = library.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;

        Assert.Equal(ExpectedLibraryBuild, framework);
    }

    [Fact]
    public void Runtime_IsTheOneThisTestAssemblyIsFor()
    {
        Assert.StartsWith($".NET {ExpectedRuntimeMajor}.", RuntimeInformation.FrameworkDescription, StringComparison.Ordinal);
        Assert.Equal(ExpectedRuntimeMajor, Environment.Version.Major);
    }

    [Fact]
    public void Runtime_OfASelfContainedRun_IsTheOneBesideTheTests()
    {
        // A self-contained run loads System.Private.CoreLib from its own folder, not from a shared framework.
        var coreLibFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var testFolder = Path.GetDirectoryName(typeof(TargetTests).Assembly.Location)!;

#if NET8_0
        Assert.Equal(testFolder, coreLibFolder);
#else
        Assert.NotEqual(testFolder, coreLibFolder);
#endif
    }
}
