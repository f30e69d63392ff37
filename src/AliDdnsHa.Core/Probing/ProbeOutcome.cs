// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>How a probe ended. The lower-case names are the <c>result</c> label of <c>aliddnsha_probes_total</c>.</summary>
public enum ProbeOutcome
{
    Success,

    /// <summary>The host answered with a reset: nothing listens on the port.</summary>
    Refused,

    /// <summary>No answer within the probe timeout.</summary>
    Timeout,

    /// <summary>No route to the host or network (ICMP unreachable).</summary>
    Unreachable,

    /// <summary>Any other socket error.</summary>
    Error,

    /// <summary>A remote vantage reported failure (blackbox_exporter's <c>probe_success 0</c>, or no fresh 1 in Prometheus).</summary>
    Failed,
}
