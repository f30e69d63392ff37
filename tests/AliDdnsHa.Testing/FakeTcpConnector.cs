// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Testing;

/// <summary>A connector whose answer per endpoint the test decides: success, a socket error, or hanging until cancelled.</summary>
/// <param name="timeProvider">The clock a hanging endpoint's timeout runs on (the system clock when null).</param>
public sealed class FakeTcpConnector(TimeProvider? timeProvider = null) : ITcpConnector
{
    private readonly ConcurrentDictionary<IPEndPoint, SocketError?> _behaviour = new();
    private int _connects;

    /// <summary>What endpoints not set explicitly do: null succeeds.</summary>
    public SocketError? Default { get; set; }

    /// <summary>Endpoints that never answer (until the probe times out).</summary>
    public ConcurrentDictionary<IPEndPoint, bool> Hanging { get; } = new();

    public int Connects => Volatile.Read(ref _connects);

    public void Succeed(IPEndPoint endPoint) => _behaviour[endPoint] = null;

    public void Fail(IPEndPoint endPoint, SocketError error = SocketError.ConnectionRefused) => _behaviour[endPoint] = error;

    public async ValueTask<SocketError> ConnectAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connects);
        if (Hanging.ContainsKey(endPoint))
        {
            try
            {
                await Task.Delay(timeout, timeProvider ?? TimeProvider.System, cancellationToken);
                return SocketError.TimedOut;
            }
            catch (OperationCanceledException)
            {
                return SocketError.OperationAborted;
            }
        }

        var error = _behaviour.TryGetValue(endPoint, out var e) ? e : Default;
        return error ?? SocketError.Success;
    }
}
