// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Controller;

/// <summary>One endpoint's health state, last result and probe loop. Mutated under the owning target's lock.</summary>
internal sealed class EndpointMonitor(EndpointKey key, int successThreshold, int failureThreshold, double phase)
{
    public EndpointKey Key { get; } = key;

    public IPEndPoint EndPoint { get; } = new(key.Address, key.Port);

    public string AddressText { get; } = key.Address.ToString();

    public EndpointHealthState State { get; } = new(successThreshold, failureThreshold);

    /// <summary>Where in each interval this endpoint's settled probes fall, as a fraction in [0, 1).</summary>
    public double Phase { get; } = phase;

    public ProbeResult? LastResult { get; set; }

    public DateTimeOffset? LastProbeAt { get; set; }

    /// <summary>Cancelled when the address leaves its source. Not disposed: it has no timer, and the loop and the
    /// discovery that cancels it may finish in either order.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    public Task? Loop { get; set; }
}
