using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// The real AWS SDK STS client, created and owned by RefreshingRoleCredentials, against a minimal AssumeRole responder on
/// 127.0.0.1: proves the server clock is read from the HTTP Date header of a real response.
/// </summary>
public sealed class SdkClientDateHeaderTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _url;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;
    private string? _contentType;

    public SdkClientDateHeaderTests()
    {
        _url = StartOnFreePort(_listener);
        _ = ServeAsync();
    }

    public TimeSpan ServerAhead { get; set; } = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task GetCredentialsAsync_OwnedSdkClient_LearnsClockSkewFromDateHeader()
    {
        var options = new RefreshingRoleCredentialsOptions
        {
            RoleArn = "arn:aws:iam::123456789012:role/loopback",
            ServiceUrl = _url,
            Region = "us-east-1",
            SourceCredentials = new BasicAWSCredentials("AKIDLOOPBACK00000000", "loopback-secret"),
            BackgroundRefresh = false,
        };
        using var credentials = new RefreshingRoleCredentials(options);

        var result = await credentials.GetCredentialsAsync();

        Assert.Equal("ASIALOOPBACK00000001", result.AccessKey);
        Assert.Equal(1, _requests);
        Assert.InRange(credentials.Status.ClockSkew, ServerAhead - TimeSpan.FromSeconds(5), ServerAhead + TimeSpan.FromSeconds(5));
        Assert.InRange(credentials.Expiration!.Value - DateTime.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
        Assert.NotNull(_contentType);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    /// <summary>
    /// HttpListener cannot bind port 0, so a port is picked free and then bound; another process can take it in between,
    /// so a taken port is retried with another (a bounded number of times, then the test fails saying why).
    /// </summary>
    private static string StartOnFreePort(HttpListener listener)
    {
        for (var attempt = 0; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var url = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(url);
            try
            {
                listener.Start();
                return url;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Prefixes.Remove(url);
            }
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var n = Interlocked.Increment(ref _requests);
            _contentType = context.Request.ContentType;
            var serverNow = DateTimeOffset.UtcNow + ServerAhead;
            var expiration = serverNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var key = $"ASIALOOPBACK{n:D8}";
            string body;
            if (context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                context.Response.ContentType = "application/x-amz-json-1.0";
                body = $$$"""{"Credentials":{"AccessKeyId":"{{{key}}}","SecretAccessKey":"s","SessionToken":"t","Expiration":{{{serverNow.AddHours(1).ToUnixTimeSeconds()}}}},"AssumedRoleUser":{"Arn":"arn:aws:sts::123456789012:assumed-role/loopback/s","AssumedRoleId":"AROAEXAMPLE:s"}}""";
            }
            else
            {
                context.Response.ContentType = "text/xml";
                body = $"""
                    <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                      <AssumeRoleResult>
                        <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>{expiration}</Expiration></Credentials>
                        <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/loopback/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>
                      </AssumeRoleResult>
                      <ResponseMetadata><RequestId>req-{n}</RequestId></ResponseMetadata>
                    </AssumeRoleResponse>
                    """;
            }

            context.Response.Headers["Date"] = serverNow.ToString("r", CultureInfo.InvariantCulture);
            context.Response.Headers["x-amzn-RequestId"] = "req-" + n;
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
