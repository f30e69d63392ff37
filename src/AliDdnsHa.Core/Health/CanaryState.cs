// Licensed under the MIT license.

using AliDdnsHa.Probing;

namespace AliDdnsHa.Health;

/// <summary>One canary of a vantage: its request, rise/fall state and last result. Mutated under the monitor's lock.</summary>
internal sealed class CanaryState(string text, VantageProbeRequest request, int successThreshold, int failureThreshold)
{
    /// <summary>The canary as configured (<c>IP:port</c> or a PromQL expression).</summary>
    public string Text { get; } = text;

    public VantageProbeRequest Request { get; } = request;

    public EndpointHealthState State { get; } = new(successThreshold, failureThreshold);

    public ProbeResult? LastResult { get; set; }

    public DateTimeOffset? LastProbeAt { get; set; }
}
