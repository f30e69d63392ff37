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
        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var started = timeProvider.GetTimestamp();
        try
        {
            await connector.ConnectAsync(endPoint, linked.Token);
            return new ProbeResult(ProbeOutcome.Success, timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(ProbeOutcome.Timeout, timeProvider.GetElapsedTime(started), "no answer within the timeout");
        }
        catch (SocketException ex)
        {
            return new ProbeResult(Classify(ex.SocketErrorCode), timeProvider.GetElapsedTime(started), ex.SocketErrorCode.ToString());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProbeResult(ProbeOutcome.Error, timeProvider.GetElapsedTime(started), ex.GetType().Name);
        }
    }

    internal static ProbeOutcome Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused or SocketError.ConnectionReset => ProbeOutcome.Refused,
        SocketError.TimedOut => ProbeOutcome.Timeout,
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.HostDown => ProbeOutcome.Unreachable,
        _ => ProbeOutcome.Error,
    };
}
