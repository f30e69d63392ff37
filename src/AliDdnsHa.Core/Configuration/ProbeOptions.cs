// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>How a target's endpoints are probed and when their state changes.</summary>
public sealed class ProbeOptions
{
    /// <summary>Time between probes of an endpoint whose state is settled.</summary>
    /// <value>The default value is 5 s.</value>
    public TimeSpan Interval { get; set; } = OptionDefaults.Interval;

    /// <summary>Time between probes while a state change is being confirmed (HAProxy <c>fastinter</c>).</summary>
    /// <value>The default value is 1 s.</value>
    public TimeSpan FastInterval { get; set; } = OptionDefaults.FastInterval;

    /// <summary>How long a TCP connect may take before it counts as a timeout.</summary>
    /// <value>The default value is 2 s.</value>
    public TimeSpan Timeout { get; set; } = OptionDefaults.Timeout;

    /// <summary>Consecutive failures that take an endpoint Down (HAProxy <c>fall</c>).</summary>
    /// <value>The default value is 3.</value>
    public int FailureThreshold { get; set; } = OptionDefaults.FailureThreshold;

    /// <summary>Consecutive successes that take an endpoint Up (HAProxy <c>rise</c>).</summary>
    /// <value>The default value is 2.</value>
    public int SuccessThreshold { get; set; } = OptionDefaults.SuccessThreshold;
}
