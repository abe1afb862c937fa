namespace Sts.Resilience.Demo.Tests;

/// <summary>
/// The test classes that run the demo in-process: one at a time, as each run counts the library's process-wide metrics
/// and sets the process-wide retry handler's log target.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoRuns
{
    /// <summary>The collection's name.</summary>
    public const string Name = "demo runs";
}
