namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>
/// Host tests share the process-wide expired-token retry seam (<c>RetryRegistration</c>) and start LocalSts servers:
/// they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DependencyInjectionTestGroup
{
    public const string Name = "DependencyInjection";
}
