// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Probing;

/// <summary>Connects with a non-blocking socket and closes with a reset.</summary>
/// <remarks>
/// Closing with linger 0 sends RST instead of FIN, as HAProxy does for its checks: the probe leaves no socket in
/// TIME_WAIT, so thousands of endpoints probed every second do not exhaust local ports.
/// </remarks>
public sealed class SocketTcpConnector : ITcpConnector
{
    private readonly IPAddress? _localAddress;

    public SocketTcpConnector()
    {
    }

    /// <summary>A connector whose sockets are bound to <paramref name="localAddress"/> before connecting, so a
    /// multi-homed host sends the probe out of the line that address belongs to.</summary>
    public SocketTcpConnector(IPAddress localAddress) => _localAddress = localAddress;

    public async ValueTask ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            LingerState = new LingerOption(true, 0),
        };
        if (_localAddress is not null)
        {
            socket.Bind(new IPEndPoint(_localAddress, 0));
        }

        await socket.ConnectAsync(endPoint, cancellationToken);
    }
}
