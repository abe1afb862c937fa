namespace Sts.Resilience.Tests.Retry.Support;

/// <summary>
/// Tests that build registered clients, read the shared logger, the process-wide meter or set AWS_* environment
/// variables run in this collection, alone and one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RetryTestGroup
{
    public const string Name = "ExpiredTokenRetry";
}
