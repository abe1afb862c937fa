namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>
/// Host tests register and reset the process-wide expired-token retry (<c>ExpiredTokenRetry</c>) and start LocalSts servers:
/// they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DependencyInjectionTestGroup
{
    public const string Name = "DependencyInjection";
}
