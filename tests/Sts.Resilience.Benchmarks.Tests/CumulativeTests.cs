using Sts.Resilience.Benchmarks.Charts;

namespace Sts.Resilience.Benchmarks.Tests;

public sealed class CumulativeTests
{
    [Fact]
    public void Of_UnsortedTimes_StaircaseFromZeroToTheEnd()
    {
        var (x, y) = Cumulative.Of([30, 10, 20], 50);

        Assert.Equal([0, 10, 20, 30, 50], x);
        Assert.Equal([0, 1, 2, 3, 3], y);
    }

    [Fact]
    public void Of_NoEvents_FlatAtZero()
    {
        var (x, y) = Cumulative.Of([], 5);

        Assert.Equal([0, 5], x);
        Assert.Equal([0, 0], y);
    }
}
