// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Testing;

/// <summary>HTTP clients that connect from a chosen loopback address (127.0.0.0/8 is all loopback on Linux), so one
/// test process can stand for several hosts on a LAN.</summary>
public static class SourceBoundHttp
{
    /// <summary>An <see cref="HttpClient"/> whose connections all come from <paramref name="source"/>.</summary>
    public static HttpClient Create(IPAddress source, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = Bound(source);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(100) };
    }

    /// <summary>A TCP socket bound to <paramref name="source"/>, not yet connected.</summary>
    public static Socket Bound(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        return socket;
    }
}
