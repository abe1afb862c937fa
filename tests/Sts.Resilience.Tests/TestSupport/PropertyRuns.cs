namespace Sts.Resilience.Tests.TestSupport;

/// <summary>
/// How many generated inputs each property test tries per run (docs/reliability.md quotes these). CsCheck picks a new
/// seed on every run and, on a failure, shrinks the input and prints the seed that replays it: pass that seed as
/// <c>seed:</c> (or set the <c>CsCheck_Seed</c> environment variable) to replay, and keep it as a regression case.
/// </summary>
internal static class PropertyRuns
{
    /// <summary>Inputs per property for cheap, in-memory checks.</summary>
    public const long Iterations = 10_000;

    /// <summary>Inputs per property that write files or build SDK objects.</summary>
    public const long IoIterations = 2_000;

    /// <summary>Threads CsCheck runs a property on: the machine is shared, so two.</summary>
    public const int Threads = 2;
}
