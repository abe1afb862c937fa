using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Tests;

/// <summary>
/// One machine as the doctor sees it: a temporary HOME with its own ~/.aws, an environment that is not the test
/// process's, a fake clock and a platform. Runs the tool in-process and scrubs what varies between runs.
/// </summary>
internal sealed partial class DoctorScenario : IDisposable
{
    public DoctorScenario(DateTimeOffset? now = null)
    {
        Home = Path.Combine(Path.GetTempPath(), "sts-doctor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        // The clock check compares the host clock with the server's Date header, which follows real time:
        // start the fake clock at the real second so both agree, and keep every expiry relative to it.
        Time = new FakeTimeProvider(now ?? TruncateToSecond(TimeProvider.System.GetUtcNow()));
    }

    public string Home { get; }

    public string AwsDirectory => Path.Combine(Home, ".aws");

    public string CacheDirectory => Path.Combine(AwsDirectory, "cli", "cache");

    /// <summary>
    /// The doctor's environment. Instance metadata is off unless a test points <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>
    /// at LocalSts and removes <c>AWS_EC2_METADATA_DISABLED</c>: the doctor must never ask 169.254.169.254 from a test.
    /// </summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal) { ["SHELL"] = "/bin/bash", ["AWS_EC2_METADATA_DISABLED"] = "true" };

    public FakeTimeProvider Time { get; }

    public HostPlatform Platform { get; set; } = HostPlatform.Linux;

    public bool Terminal { get; set; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public DoctorHost Host => new()
    {
        Environment = Environment,
        HomeDirectory = Home,
        Time = Time,
        Platform = Platform,
        StdoutIsTerminal = Terminal,
        StderrIsTerminal = Terminal,
    };

    public string WriteAwsFile(string name, string text)
    {
        Directory.CreateDirectory(AwsDirectory);
        var path = Path.Combine(AwsDirectory, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public string WriteCacheEntry(string fileName, string json)
    {
        Directory.CreateDirectory(CacheDirectory);
        var path = Path.Combine(CacheDirectory, fileName);
        File.WriteAllText(path, json);
        return path;
    }

    public async Task<DoctorRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DoctorCommand.RunAsync(args, stdout, stderr, Host, CancellationToken.None);
        return new DoctorRun(exit, stdout.ToString(), stderr.ToString(), Scrub);
    }

    /// <summary>Removes what changes between runs: the temporary HOME, ports and wall-clock times.</summary>
    public string Scrub(string text)
    {
        text = text.Replace(Home, "<HOME>", StringComparison.Ordinal);
        text = PortPattern().Replace(text, "127.0.0.1:<port>");
        text = TimePattern().Replace(text, "<time>");
        return AmzDatePattern().Replace(text, "<amz-date>");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")]
    private static partial Regex TimePattern();

    /// <summary>The <c>X-Amz-Date</c> form STS quotes in "Signature expired" messages.</summary>
    [GeneratedRegex(@"\b\d{8}T\d{6}Z\b")]
    private static partial Regex AmzDatePattern();
}

internal sealed record DoctorRun(int ExitCode, string Stdout, string Stderr, Func<string, string> Scrubber)
{
    public string ScrubbedStdout => Scrubber(Stdout);

    public string ScrubbedStderr => Scrubber(Stderr);

    public System.Text.Json.JsonDocument Json => System.Text.Json.JsonDocument.Parse(Stdout);

    public IReadOnlyList<string> FindingIds =>
        Json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
}
