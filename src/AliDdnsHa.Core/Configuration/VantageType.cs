// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>Where a vantage's probes come from.</summary>
public enum VantageType
{
    /// <summary>A TCP connect from this machine.</summary>
    Local,

    /// <summary>A <c>/probe</c> request to a remote Prometheus <c>blackbox_exporter</c>.</summary>
    Blackbox,

    /// <summary>An instant query to a Prometheus server that already scrapes probes of the endpoints.</summary>
    Prometheus,
}
