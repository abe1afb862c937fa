namespace Sts.Resilience.Testing.Tests.Observation;

public class ObservationTests
{
    [Fact]
    public async Task Counters_OneAssumeRole_CountedOnceAsSuccess()
    {
        await using var f = await LocalStsFixture.StartAsync();

        await f.AssumeRoleAsync();

        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.AssumeRole));
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.Equal(0, f.Sts.Counters.Failed(LocalStsActions.AssumeRole));
        Assert.Equal(new Dictionary<string, int> { ["Success"] = 1 }, f.Sts.Counters.ByOutcome(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task Requests_RecordKeyStatusAndOutcome_ToStringShowsOnlyLastFourOfKey()
    {
        await using var f = await LocalStsFixture.StartAsync();

        await f.AssumeRoleAsync();

        var request = Assert.Single(f.Sts.Requests);
        Assert.Equal("sts", request.Service);
        Assert.Equal(LocalStsActions.AssumeRole, request.Action);
        Assert.Equal(f.User.AccessKeyId, request.AccessKeyId);
        Assert.Equal(200, request.StatusCode);
        Assert.Equal(1, request.Sequence);
        Assert.DoesNotContain(f.User.AccessKeyId, request.ToString(), StringComparison.Ordinal);
        Assert.Contains(f.User.AccessKeyId[^4..], request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetAndClear_StartOver()
    {
        await using var f = await LocalStsFixture.StartAsync();
        await f.AssumeRoleAsync();

        f.Sts.Counters.Reset();
        f.Sts.ClearRequests();

        Assert.Equal(0, f.Sts.Counters.Count(LocalStsActions.AssumeRole));
        Assert.Empty(f.Sts.Requests);
    }

    [Fact]
    public async Task UserAndRoleToString_NeverShowTheSecretOrWholeKey()
    {
        await using var f = await LocalStsFixture.StartAsync();

        var text = f.User.ToString() + f.Sts.ToString() + f.Role.ToString();

        Assert.DoesNotContain(f.User.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(f.User.AccessKeyId, text, StringComparison.Ordinal);
    }
}
