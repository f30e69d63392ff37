// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Probing;

/// <summary>One TCP connect with a timeout, classified into a <see cref="ProbeResult"/>.</summary>
public sealed class TcpProbe(ITcpConnector connector, TimeProvider timeProvider)
{
    /// <summary>Probes once. Only cancellation of <paramref name="cancellationToken"/> (shutdown) throws.</summary>
    public async Task<ProbeResult> ProbeAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // One timer per probe, on the injected clock; shutdown cancels it too (cheaper than a linked source).
        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var shutdown = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeoutCts);
        var started = timeProvider.GetTimestamp();
        SocketError error;
        try
        {
            error = await connector.ConnectAsync(endPoint, timeoutCts.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProbeResult(ProbeOutcome.Error, timeProvider.GetElapsedTime(started), ex.GetType().Name);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = timeProvider.GetElapsedTime(started);
        return error switch
        {
            SocketError.Success => new ProbeResult(ProbeOutcome.Success, elapsed),
            SocketError.OperationAborted when timeoutCts.IsCancellationRequested => new ProbeResult(ProbeOutcome.Timeout, elapsed, "no answer within the timeout"),
            _ => new ProbeResult(Classify(error), elapsed, error.ToString()),
        };
    }

    internal static ProbeOutcome Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused or SocketError.ConnectionReset => ProbeOutcome.Refused,
        SocketError.TimedOut => ProbeOutcome.Timeout,
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.HostDown => ProbeOutcome.Unreachable,
        _ => ProbeOutcome.Error,
    };
}
