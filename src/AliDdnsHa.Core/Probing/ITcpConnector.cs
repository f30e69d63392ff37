// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Probing;

/// <summary>Opens (and at once closes) a TCP connection and says how it went, as a value: a probe that fails is the
/// normal case for a dead line, so nothing here throws for it.</summary>
public interface ITcpConnector
{
    /// <summary><see cref="SocketError.Success"/>, the error the connection ended with,
    /// <see cref="SocketError.TimedOut"/> when no answer came within <paramref name="timeout"/>, or
    /// <see cref="SocketError.OperationAborted"/> when <paramref name="cancellationToken"/> (shutdown) fired first.</summary>
    ValueTask<SocketError> ConnectAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken);
}
