// Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Bench;

/// <summary>A loopback listener that counts accepted connections (one per successful probe) and records how far each
/// gap between two probes of it strays from the probe interval: the probe engine's start jitter.</summary>
internal sealed class TimedListener : IDisposable
{
    private readonly Socket _socket;
    private readonly TimedListenerGroup _group;
    private long _last;

    public TimedListener(IPAddress address, int port, TimedListenerGroup group)
    {
        Address = address;
        _group = group;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(new IPEndPoint(address, port));
        _socket.Listen(64);
        _ = AcceptLoopAsync();
    }

    public IPAddress Address { get; }

    public void Dispose() => _socket.Dispose();

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                using var accepted = await _socket.AcceptAsync();
                var now = Stopwatch.GetTimestamp();
                var last = Interlocked.Exchange(ref _last, now);
                _group.Accepted(last == 0 ? null : Stopwatch.GetElapsedTime(last, now));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
