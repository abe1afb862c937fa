using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Testing.Tests;

public class LoopbackOnlyGuardTests
{
    [Fact]
    public async Task HttpRequest_ToANonLoopbackHost_FailsBeforeAnyConnection()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // 192.0.2.0/24 is reserved for documentation: nothing answers there, so only the guard can fail fast.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => http.GetAsync("http://192.0.2.1/latest/meta-data/"));

        Assert.Contains("tests may only talk to 127.0.0.1", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("192.0.2.1", LoopbackOnlyGuard.Refused);
    }

    [Fact]
    public async Task HttpRequest_ToLoopback_Allowed()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(f.Sts.ServiceUrl);

        Assert.NotNull(response);
    }
}
