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
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(Address, port));

        // The kernel completes handshakes into the backlog; nobody needs to accept for a connect probe to succeed.
        socket.Listen(512);
        _socket = socket;
    }
}
