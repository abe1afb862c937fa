using System.Net;
using System.Net.Sockets;

namespace Sts.Resilience.Doctor.Tests;

/// <summary>
/// A loopback port that refuses connections for as long as this object lives: a socket is bound to it but never listens,
/// so connecting gets "connection refused" and no other process can take the port meanwhile (a port found free and
/// released before use can be taken by anyone in between).
/// </summary>
internal sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public string Url => "http://127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _socket.Dispose();
}
