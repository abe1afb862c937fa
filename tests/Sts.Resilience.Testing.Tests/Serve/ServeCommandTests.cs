using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Demo;
using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Testing.Tests.Serve;

public class ServeCommandTests
{
    private sealed record ServeInfo(string ServiceUrl, string AccessKeyId, string SecretAccessKey, string RoleArn);

    private static ServeInfo Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal(["serviceUrl", "accessKeyId", "secretAccessKey", "roleArn", "webIdentityTokenFile", "webIdentityRoleArn",
            "containerCredentialsFullUri", "containerAuthorizationToken", "imdsEndpoint"], root.EnumerateObject().Select(p => p.Name));
        return new ServeInfo(root.GetProperty("serviceUrl").GetString()!, root.GetProperty("accessKeyId").GetString()!,
            root.GetProperty("secretAccessKey").GetString()!, root.GetProperty("roleArn").GetString()!);
    }

    private static async Task AssertUsable(ServeInfo info)
    {
        using var client = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(info.AccessKeyId, info.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = info.ServiceUrl, AuthenticationRegion = "us-east-1" });
        var assumed = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = info.RoleArn, RoleSessionName = "cli" });
        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Json_PrintsOneJsonLineFirst_ServesUntilCancelled_ExitsZero()
    {
        using var stop = new CancellationTokenSource();
        var output = new BlockingWriter();
        var error = new StringWriter();

        var run = ServeCommand.RunAsync(["--json"], output, error, stop.Token);
        var line = await output.FirstLine.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var info = Parse(line);
        await AssertUsable(info);
        stop.Cancel();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(line + Environment.NewLine, output.ToString());
    }

    [Fact]
    public async Task RunAsync_Json_EveryCredentialEndpointAnswers()
    {
        using var stop = new CancellationTokenSource();
        var output = new BlockingWriter();

        var run = ServeCommand.RunAsync(["--json"], output, new StringWriter(), stop.Token);
        using var document = JsonDocument.Parse(await output.FirstLine.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var root = document.RootElement;
        string Get(string name) => root.GetProperty(name).GetString()!;

        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(),
            new AmazonSecurityTokenServiceConfig { ServiceURL = Get("serviceUrl"), AuthenticationRegion = "us-east-1" });
        var web = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = Get("webIdentityRoleArn"),
            RoleSessionName = "cli",
            WebIdentityToken = await File.ReadAllTextAsync(Get("webIdentityTokenFile")),
        });
        using var http = new HttpClient();
        using var containerRequest = new HttpRequestMessage(HttpMethod.Get, Get("containerCredentialsFullUri"));
        containerRequest.Headers.TryAddWithoutValidation("Authorization", Get("containerAuthorizationToken"));
        using var container = await http.SendAsync(containerRequest);
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, Get("imdsEndpoint") + "/latest/api/token");
        tokenRequest.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "60");
        using var imds = await http.SendAsync(tokenRequest);
        stop.Cancel();

        Assert.StartsWith("ASIA", web.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, container.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, imds.StatusCode);
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(File.Exists(Get("webIdentityTokenFile")));
    }

    [Fact]
    public async Task RunAsync_UnknownArgument_ExitCode2WithUsage()
    {
        var error = new StringWriter();

        var code = await ServeCommand.RunAsync(["--bogus"], new StringWriter(), error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
    }

    [UnixOnlyFact("SIGTERM is a POSIX signal; Ctrl+C is covered by the in-process test's cancellation.")]
    public async Task Process_Json_ThenSigterm_ExitsCleanly()
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "Sts.Resilience.Demo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { demo, "serve", "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await AssertUsable(Parse(line!));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    /// <summary>A writer that reports its first line as soon as it is written.</summary>
    private sealed class BlockingWriter : StringWriter
    {
        public TaskCompletionSource<string> FirstLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            FirstLine.TrySetResult(value ?? string.Empty);
            return Task.CompletedTask;
        }
    }
}
