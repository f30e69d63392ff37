// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>Whether probe latency histograms are kept per endpoint or per target.</summary>
public enum EndpointHistogramMode
{
    /// <summary>Per endpoint up to <see cref="MetricsOptions.AutoEndpointLimit"/> endpoints, per target above.</summary>
    Auto,

    /// <summary>Always per endpoint (about a dozen series per endpoint and vantage).</summary>
    On,

    /// <summary>Always per target: the <c>source</c> and <c>address</c> labels of the histogram are left empty.</summary>
    Off,
}
