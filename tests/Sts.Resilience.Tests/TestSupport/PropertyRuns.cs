using System.Globalization;

namespace Sts.Resilience.Tests.TestSupport;

/// <summary>
/// How many generated inputs each property test tries per run (docs/reliability.md quotes these). CsCheck picks a new
/// seed on every run and, on a failure, shrinks the input and prints the seed that replays it: pass that seed as
/// <c>seed:</c> (or set the <c>CsCheck_Seed</c> environment variable) to replay, and keep it as a regression case.
/// </summary>
/// <remarks>
/// <c>STS_PROPERTY_ITERATIONS</c>, when set to a positive number, caps both counts. Only the mutation run
/// (<c>eng/mutation.sh</c>) sets it: it reruns the covering tests once per mutant, and 10,000 inputs a mutant made one
/// file take half an hour. Unset, the counts are the ones below.
/// </remarks>
internal static class PropertyRuns
{
    /// <summary>Inputs per property for cheap, in-memory checks.</summary>
    public static readonly long Iterations = Capped(10_000);

    /// <summary>Inputs per property that write files or build SDK objects.</summary>
    public static readonly long IoIterations = Capped(2_000);

    /// <summary>Threads CsCheck runs a property on: the machine is shared, so two.</summary>
    public const int Threads = 2;

    private static long Capped(long iterations)
        => long.TryParse(Environment.GetEnvironmentVariable("STS_PROPERTY_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var cap) && cap > 0
            ? Math.Min(iterations, cap)
            : iterations;
}
