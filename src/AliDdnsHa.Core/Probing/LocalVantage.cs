// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>Probes from this machine with a TCP connect (optionally out of one chosen local address).</summary>
public sealed class LocalVantage(string name, TcpProbe probe) : IVantage
{
    public string Name { get; } = name;

    public bool ReportsLatency => true;

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<VantageProbeResult> ProbeAsync(VantageProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endPoint = request.EndPoint ?? throw new ArgumentException("a Local vantage probes endpoints only", nameof(request));
        var result = await probe.ProbeAsync(endPoint, timeout, cancellationToken);

        // A bind to a SourceAddress this host does not have says nothing about the endpoint.
        return result is { Outcome: ProbeOutcome.Error, Detail: "AddressNotAvailable" or "AddressFamilyNotSupported" }
            ? VantageProbeResult.Failed(new VantageFault(VantageFault.Unreachable, $"cannot send from the configured SourceAddress: {result.Detail}"), result.Duration)
            : new VantageProbeResult(result);
    }
}
