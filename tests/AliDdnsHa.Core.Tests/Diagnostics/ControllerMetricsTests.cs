// Licensed under the MIT license.

using AliDdnsHa.Diagnostics;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Core.Tests.Diagnostics;

public sealed class ControllerMetricsTests
{
    [Theory]
    [InlineData(2.0, new[] { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2 })]
    [InlineData(0.5, new[] { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5 })]
    [InlineData(3.0, new[] { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3 })]
    public void ProbeBuckets_StartAtOneMillisecondAndEndAtTheLargestTimeout(double timeout, double[] expected) =>
        Assert.Equal(expected, ControllerMetrics.ProbeBuckets(TimeSpan.FromSeconds(timeout)));

    [Fact]
    public async Task LatencyOf_PerTargetMode_SharesOneHistogramThatOutlivesItsEndpoints()
    {
        var metrics = new TestMetrics(endpointHistograms: false);
        metrics.Metrics.LatencyOf("t", "wan1", "192.0.2.1", "home").Observe(0.002);
        metrics.Metrics.LatencyOf("t", "wan2", "192.0.2.2", "home").Observe(0.003);

        metrics.Metrics.RemoveEndpoint("t", "wan1", "192.0.2.1", ["home"]);

        var text = await metrics.ScrapeAsync();
        Assert.Contains("aliddnsha_probe_duration_seconds_count{target=\"t\",source=\"\",address=\"\",vantage=\"home\"} 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aliddnsha_probe_duration_seconds_count{target=\"t\",source=\"wan", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatencyOf_PerEndpointMode_KeepsOneHistogramPerEndpoint()
    {
        var metrics = new TestMetrics();
        metrics.Metrics.LatencyOf("t", "wan1", "192.0.2.1", "home").Observe(0.002);

        Assert.Equal(1, await metrics.ValueAsync("aliddnsha_probe_duration_seconds_count{target=\"t\",source=\"wan1\",address=\"192.0.2.1\",vantage=\"home\"}"));
    }

    [Fact]
    public async Task RemoveEndpoint_DropsEverySeriesOfThatAddressOnly()
    {
        var metrics = new TestMetrics();
        foreach (var address in new[] { "192.0.2.1", "192.0.2.2" })
        {
            foreach (var vantage in new[] { "home", "vps" })
            {
                metrics.Metrics.Probes.WithLabels("t", "wan1", address, vantage, "success").Inc();
                metrics.Metrics.Probes.WithLabels("t", "wan1", address, vantage, "refused").Inc();
                metrics.Metrics.Probes.WithLabels("t", "wan1", address, vantage, "failed").Inc();
                metrics.Metrics.ProbeDuration.WithLabels("t", "wan1", address, vantage).Observe(0.01);
                metrics.Metrics.VantageEndpointUp.WithLabels("t", "wan1", address, vantage).Set(1);
            }

            metrics.Metrics.EndpointUp.WithLabels("t", "wan1", address).Set(1);
            metrics.Metrics.EndpointPublished.WithLabels("t", "default", "wan1", address).Set(1);
            metrics.Metrics.EndpointPublished.WithLabels("t", "telecom", "wan1", address).Set(1);
        }

        metrics.Metrics.RemoveEndpoint("t", "wan1", "192.0.2.1", ["home", "vps"], ["telecom"]);

        var text = await metrics.ScrapeAsync();
        Assert.DoesNotContain("192.0.2.1", text, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_probes_total{target=\"t\",source=\"wan1\",address=\"192.0.2.2\",vantage=\"vps\",result=\"refused\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_endpoint_published{target=\"t\",line=\"telecom\",source=\"wan1\",address=\"192.0.2.2\"} 1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, new[] { "add", "delete", "update" })]
    [InlineData(true, new[] { "add", "delete", "update", "enable", "disable" })]
    public async Task InitializeTarget_ExportsZerosBeforeTheFirstEvent(bool disableMode, string[] actions)
    {
        var metrics = new TestMetrics();

        metrics.Metrics.InitializeTarget("t", disableMode);

        Assert.Equal(0, await metrics.ValueAsync("aliddnsha_failover_duration_seconds_count{target=\"t\",line=\"default\"}"));
        foreach (var action in actions)
        {
            Assert.Equal(0, await metrics.ValueAsync($"aliddnsha_record_changes_total{{target=\"t\",line=\"default\",action=\"{action}\"}}"));
        }

        Assert.Equal(disableMode, await metrics.ValueAsync("aliddnsha_record_changes_total{target=\"t\",line=\"default\",action=\"enable\"}") is not null);
        Assert.Equal(0, await metrics.ValueAsync("aliddnsha_reconciles_total{target=\"t\",line=\"default\",result=\"failed\"}"));
        Assert.Equal(0, await metrics.ValueAsync("aliddnsha_all_down{target=\"t\"}"));
    }

    [Fact]
    public async Task BuildInfo_CarriesTheVersion()
    {
        var metrics = new TestMetrics();

        Assert.Equal(1, await metrics.ValueAsync($"aliddnsha_build_info{{version=\"{ControllerMetrics.Version}\"}}"));
    }
}
