// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>One point of view from which endpoints are probed: this machine, a remote blackbox_exporter, or the
/// results a Prometheus server already holds.</summary>
public interface IVantage
{
    /// <summary>The vantage's name, as configured (a metrics label).</summary>
    string Name { get; }

    /// <summary>True when <see cref="ProbeResult.Duration"/> is the probe's latency rather than the time to ask.</summary>
    bool ReportsLatency { get; }

    /// <summary>Probes once. Never throws except on cancellation of <paramref name="cancellationToken"/>: a vantage
    /// that cannot be asked answers with a <see cref="VantageFault"/>.</summary>
    ValueTask<VantageProbeResult> ProbeAsync(VantageProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken);
}
