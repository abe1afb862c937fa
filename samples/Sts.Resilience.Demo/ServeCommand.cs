using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Demo;

/// <summary>
/// <c>serve [--port N] [--json]</c>: runs LocalSts on 127.0.0.1 until Ctrl+C or SIGTERM, with a ready user, a role
/// that user may assume, a web identity token file for that role, a container credentials endpoint and instance
/// metadata, so the AWS CLI or any SDK can be pointed at it (the way people use moto or LocalStack).
/// </summary>
public static class ServeCommand
{
    /// <summary>Runs until Ctrl+C (SIGINT) or SIGTERM; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        return await RunAsync(args, Console.Out, Console.Error, stop.Token);
    }

    /// <summary>Runs until <paramref name="stop"/> is cancelled; returns the exit code (0 after a clean stop, 2 for bad arguments).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var port = 0;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535:
                    i++;
                    break;
                case "-h" or "--help":
                    await output.WriteLineAsync(Usage);
                    return 0;
                default:
                    await error.WriteLineAsync($"serve: unexpected argument '{args[i]}'.{Environment.NewLine}{Usage}");
                    return 2;
            }
        }

        LocalSts sts;
        try
        {
            sts = await LocalSts.StartAsync(new LocalStsOptions { Port = port }, stop);
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"serve: cannot listen on 127.0.0.1:{port}: {ex.Message}");
            return 1;
        }

        await using (sts)
        {
            var user = sts.CreateUser("localsts-user");
            var role = sts.CreateRole("localsts-role", o => o.MaxSessionDuration = TimeSpan.FromHours(12));
            // Every credential source a service runs on, vending sessions of the same role.
            var tokenDirectory = Directory.CreateTempSubdirectory("localsts-");
            using var tokenFile = sts.WriteWebIdentityTokenFile(Path.Combine(tokenDirectory.FullName, "web-identity-token"), role, TimeSpan.FromHours(1));
            var container = sts.CreateContainerCredentials(role);
            var imds = sts.CreateInstanceMetadata(role);
            if (json)
            {
                var line = JsonSerializer.Serialize(new
                {
                    serviceUrl = sts.ServiceUrl,
                    accessKeyId = user.AccessKeyId,
                    secretAccessKey = user.SecretAccessKey,
                    roleArn = role.Arn,
                    webIdentityTokenFile = tokenFile.Path,
                    webIdentityRoleArn = role.Arn,
                    containerCredentialsFullUri = container.FullUri,
                    containerAuthorizationToken = container.AuthorizationToken,
                    imdsEndpoint = imds.Endpoint,
                });
                await output.WriteLineAsync(line);
                await output.FlushAsync(CancellationToken.None);
                await error.WriteLineAsync("LocalSts is serving; stop it with Ctrl+C or SIGTERM.");
            }
            else
            {
                await output.WriteLineAsync($"""
                    LocalSts is serving on {sts.ServiceUrl} (region {sts.Region}, account {sts.AccountId}).
                      access key id:     {user.AccessKeyId}
                      secret access key: {user.SecretAccessKey}
                      role ARN:          {role.Arn}
                      web identity token file (kept fresh): {tokenFile.Path}
                      container credentials: {container.FullUri} (Authorization: {container.AuthorizationToken})
                      instance metadata (IMDSv2): {imds.Endpoint}
                    Try it with the AWS CLI:
                      AWS_ACCESS_KEY_ID={user.AccessKeyId} AWS_SECRET_ACCESS_KEY={user.SecretAccessKey} \
                        aws sts get-caller-identity --endpoint-url {sts.ServiceUrl} --region {sts.Region}
                    Stop it with Ctrl+C or SIGTERM.
                    """);
                await output.FlushAsync(CancellationToken.None);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: a normal stop.
            }

            tokenFile.Dispose();
            tokenDirectory.Delete(recursive: true);
        }

        await error.WriteLineAsync("LocalSts stopped.");
        return 0;
    }

    private const string Usage = """
        usage: Sts.Resilience.Demo serve [--port N] [--json]
          --port N   listen on 127.0.0.1:N (default: a free port)
          --json     print one JSON line first: {"serviceUrl","accessKeyId","secretAccessKey","roleArn",
                     "webIdentityTokenFile","webIdentityRoleArn","containerCredentialsFullUri",
                     "containerAuthorizationToken","imdsEndpoint"}
        """;
}
