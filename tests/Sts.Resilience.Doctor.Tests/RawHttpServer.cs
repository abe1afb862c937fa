using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sts.Resilience.Doctor.Tests;

/// <summary>
/// A loopback HTTP server that answers every request with a fixed response and a chosen <c>Date</c> header, or
/// never answers at all. Enough to test the clock check's thresholds and the network timeout without STS.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<DateTimeOffset?> _date;
    private readonly bool _silent;

    public RawHttpServer(Func<DateTimeOffset?> date, bool silent = false)
    {
        _date = date;
        _silent = silent;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    private async Task AcceptLoopAsync()
    {
        var open = new List<TcpClient>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                open.Add(client);
                if (_silent)
                {
                    continue;
                }

                var stream = client.GetStream();
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var date = _date() is { } d ? "Date: " + d.ToString("r", CultureInfo.InvariantCulture) + "\r\n" : "";
                var response = $"HTTP/1.1 403 Forbidden\r\n{date}Content-Length: 0\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                client.Dispose();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var client in open)
            {
                client.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
