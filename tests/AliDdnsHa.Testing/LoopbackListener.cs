// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Testing;

/// <summary>A real TCP listener on a loopback address that can be closed and reopened on the same port.</summary>
public sealed class LoopbackListener : IDisposable
{
    private Socket? _socket;

    public LoopbackListener(IPAddress address, int port = 0)
    {
        Address = address;
        Open(port);
        Port = ((IPEndPoint)_socket!.LocalEndPoint!).Port;
    }

    public IPAddress Address { get; }

    public int Port { get; private set; }

    public IPEndPoint EndPoint => new(Address, Port);

    public bool IsOpen => _socket is not null;

    /// <summary>Reopens on the same port.</summary>
    public void Open() => Open(Port);

    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Close();

    private void Open(int port)
    {
        var socket = new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(Address, port));

        // The kernel completes the handshake, which is all a connect probe needs; accepted connections are closed at
        // once so a long test never fills the backlog (a full backlog drops SYNs and would look like a dead service).
        socket.Listen(512);
        _socket = socket;
        _ = AcceptLoopAsync(socket);
    }

    private static async Task AcceptLoopAsync(Socket socket)
    {
        try
        {
            while (true)
            {
                using var accepted = await socket.AcceptAsync();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed.
        }
    }
}
