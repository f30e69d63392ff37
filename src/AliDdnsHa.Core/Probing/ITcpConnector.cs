// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Probing;

/// <summary>Opens (and at once closes) a TCP connection. Throws <see cref="System.Net.Sockets.SocketException"/> on failure.</summary>
public interface ITcpConnector
{
    ValueTask ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken);
}
