// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>How many series the controller exports (the <c>Metrics</c> section).</summary>
public sealed class MetricsOptions
{
    /// <summary>Above this many configured endpoints (sources times the vantages that judge them), <see
    /// cref="EndpointHistogramMode.Auto"/> keeps latency histograms per target.</summary>
    public const int AutoEndpointLimit = 1000;

    /// <value>The default value is <see cref="EndpointHistogramMode.Auto"/>.</value>
    public EndpointHistogramMode EndpointHistograms { get; set; } = EndpointHistogramMode.Auto;
}
