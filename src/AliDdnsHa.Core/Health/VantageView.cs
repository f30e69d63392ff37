// Licensed under the MIT license.

using AliDdnsHa.Probing;

namespace AliDdnsHa.Health;

/// <summary>What one vantage sees of one endpoint: its own rise/fall state and last answer.</summary>
internal sealed class VantageView(VantageMonitor vantage, int successThreshold, int failureThreshold)
{
    public VantageMonitor Vantage { get; } = vantage;

    public EndpointHealthState State { get; } = new(successThreshold, failureThreshold);

    /// <summary>This view's <c>aliddnsha_probes_total{result="success"}</c> child, looked up once (every probe counts).</summary>
    public Prometheus.Counter.Child? Successes { get; set; }

    /// <summary>This view's <c>aliddnsha_probe_duration_seconds</c> child, looked up once.</summary>
    public Prometheus.Histogram.Child? Latency { get; set; }

    public ProbeResult? LastResult { get; set; }

    /// <summary>The last answers, for the status page.</summary>
    public RecentProbes Recent { get; } = new();

    public DateTimeOffset? LastProbeAt { get; set; }

    /// <summary>Set while the vantage could not be asked about this endpoint.</summary>
    public VantageFault? LastFault { get; set; }

    /// <summary>This vantage's vote given its condition.</summary>
    public Vote Vote(VantageCondition condition) => (condition, State.Health) switch
    {
        (VantageCondition.Blind, _) => Health.Vote.Blind,
        (_, EndpointHealth.Up) => Health.Vote.Up,
        (VantageCondition.Voting, EndpointHealth.Down) => Health.Vote.Down,
        _ => Health.Vote.Unknown,
    };
}
