// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Probing;

/// <summary>One TCP connect with a timeout, classified into a <see cref="ProbeResult"/>.</summary>
public sealed class TcpProbe(ITcpConnector connector, TimeProvider timeProvider, int maxInFlight = TcpProbe.DefaultMaxInFlight) : IDisposable
{
    /// <summary>Connects in flight at once, over every endpoint of this probe.</summary>
    public const int DefaultMaxInFlight = 1024;

    /// <summary>Admission control: when the machine cannot keep up (thousands of endpoints on a small CPU), probes
    /// queue here before their timer starts, instead of all starting and timing out because their completions wait
    /// behind each other. A timeout then means the endpoint did not answer, not that the controller was busy.</summary>
    private readonly SemaphoreSlim _admission = new(maxInFlight, maxInFlight);

    /// <summary>Probes once. Only cancellation of <paramref name="cancellationToken"/> (shutdown) throws.</summary>
    /// <remarks>One async method for admission, timeout and connect: at 10,000 probes a second every layer of
    /// <c>await</c> that suspends is a box allocated per probe.</remarks>
    public async Task<ProbeResult> ProbeAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _admission.WaitAsync(cancellationToken);
        try
        {
            var started = timeProvider.GetTimestamp();
            SocketError error;
            try
            {
                error = await connector.ConnectAsync(endPoint, timeout, cancellationToken);
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
                SocketError.TimedOut => new ProbeResult(ProbeOutcome.Timeout, elapsed, "no answer within the timeout"),
                _ => new ProbeResult(Classify(error), elapsed, error.ToString()),
            };
        }
        finally
        {
            _admission.Release();
        }
    }

    public void Dispose() => _admission.Dispose();

    internal static ProbeOutcome Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused or SocketError.ConnectionReset => ProbeOutcome.Refused,
        SocketError.TimedOut => ProbeOutcome.Timeout,
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.HostDown => ProbeOutcome.Unreachable,
        _ => ProbeOutcome.Error,
    };
}
