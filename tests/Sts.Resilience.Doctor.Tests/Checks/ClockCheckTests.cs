using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Cli;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Tests.Checks;

public class ClockCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "clock.ok", "Ok", "Local clock agrees with STS (within a minute).")]
    [InlineData(-30, "clock.ok", "Ok", "Local clock agrees with STS (within a minute).")]
    [InlineData(-150, "clock.ok", "Ok", "Local clock is about 2 min 30 s ahead of STS (AWS accepts up to 5 min).")]
    [InlineData(-270, "clock.skew-warning", "Warning", "Local clock is about 4 min 30 s ahead of STS: close to the 5 min AWS accepts; a little more drift and every signed request fails.")]
    [InlineData(600, "clock.skew-problem", "Problem", "Local clock is about 10 min behind STS: AWS rejects requests signed more than 5 min off (\"Signature expired\"), and credentials look valid after they have expired.")]
    [InlineData(-301, "clock.skew-problem", "Problem", "Local clock is about 5 min ahead of STS: AWS rejects requests signed more than 5 min off (\"Signature expired\"), and credentials look valid after they have expired.")]
    public async Task RunAsync_ServerDateOffset_ClassifiedByThresholds(int serverAheadSeconds, string id, string severity, string message)
    {
        await using var server = new RawHttpServer(() => Now.AddSeconds(serverAheadSeconds));
        using var scenario = new DoctorScenario(Now);

        var finding = Assert.Single(await RunAsync(scenario, server.Url));

        Assert.Equal((id, Enum.Parse<Severity>(severity), message), (finding.Id, finding.Severity, finding.Message));
    }

    [Theory]
    [InlineData("Linux", "sudo timedatectl set-ntp true")]
    [InlineData("MacOS", "sudo sntp -sS time.apple.com")]
    [InlineData("Windows", "w32tm /resync")]
    public async Task RunAsync_Skewed_FixIsForThePlatform(string platform, string command)
    {
        await using var server = new RawHttpServer(() => Now.AddMinutes(10));
        using var scenario = new DoctorScenario(Now) { Platform = Enum.Parse<HostPlatform>(platform) };

        var finding = Assert.Single(await RunAsync(scenario, server.Url));

        Assert.Contains(command, finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoDateHeader_Warns()
    {
        await using var server = new RawHttpServer(() => null);
        using var scenario = new DoctorScenario(Now);

        var finding = Assert.Single(await RunAsync(scenario, server.Url));

        Assert.Equal(("clock.no-date-header", Severity.Warning), (finding.Id, finding.Severity));
    }

    [Fact]
    public async Task RunAsync_ServerNeverAnswers_TimesOutIntoAFinding()
    {
        await using var server = new RawHttpServer(() => Now, silent: true);
        using var scenario = new DoctorScenario(Now);

        var finding = Assert.Single(await RunAsync(scenario, server.Url, TimeSpan.FromSeconds(1)));

        Assert.Equal(("clock.sts-unreachable", Severity.Problem), (finding.Id, finding.Severity));
        Assert.Equal($"Could not reach STS: no answer from {server.Url} within 1 s.", finding.Message);
    }

    private static async Task<IReadOnlyList<Finding>> RunAsync(DoctorScenario scenario, Uri endpoint, TimeSpan? timeout = null)
    {
        var host = scenario.Host;
        var options = new DoctorOptions { EndpointUrl = endpoint };
        var credentials = CredentialResolver.Resolve(host, options, AwsPaths.From(host));
        using var context = new DoctorContext(host, options, credentials, new StsGateway(endpoint, true, "us-east-1", timeout ?? TimeSpan.FromSeconds(5), host.Time));
        return await new ClockCheck().RunAsync(context, CancellationToken.None);
    }
}
