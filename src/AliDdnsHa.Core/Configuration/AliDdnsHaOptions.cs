// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>The whole controller configuration.</summary>
public sealed class AliDdnsHaOptions
{
    /// <summary>Read and plan, never write.</summary>
    public bool DryRun { get; set; }

    public ResolverOptions Resolver { get; set; } = new();

    public List<ProviderOptions> Providers { get; set; } = [];

    public MetricsOptions Metrics { get; set; } = new();

    public WebOptions Web { get; set; } = new();

    /// <summary>Where events are pushed (DingTalk, WeCom, Feishu, Bark, a webhook).</summary>
    public List<NotificationOptions> Notifications { get; set; } = [];

    public List<TargetOptions> Targets { get; set; } = [];

    /// <summary>The configured vantages; empty means one implicit <see cref="VantageType.Local"/> vantage.</summary>
    public List<VantageOptions> Vantages { get; set; } = [];

    /// <summary>The vantages in force: the configured ones, or the implicit local one.</summary>
    public IReadOnlyList<VantageOptions> EffectiveVantages => Vantages.Count > 0
        ? Vantages
        : [VantageOptions.ImplicitLocal()];

    /// <summary>The names of the vantages that judge <paramref name="target"/>.</summary>
    public IReadOnlyList<string> VantagesOf(TargetOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Vantages.Count > 0 ? target.Vantages : [.. EffectiveVantages.Select(v => v.Name)];
    }

    /// <summary>The endpoints the configuration names: each source once per vantage that judges its target (a
    /// <c>Hostname</c> source counts once, though it may yield several addresses).</summary>
    public int ConfiguredEndpointCount => Targets.Sum(t => t.Sources.Count * Math.Max(1, VantagesOf(t).Count));

    /// <summary>True when probe latency histograms are kept per endpoint (see <see cref="MetricsOptions"/>).</summary>
    public bool EndpointHistogramsEnabled => Metrics.EndpointHistograms switch
    {
        EndpointHistogramMode.On => true,
        EndpointHistogramMode.Off => false,
        _ => ConfiguredEndpointCount <= MetricsOptions.AutoEndpointLimit,
    };

    /// <summary>The largest probe timeout of any target (histogram buckets end there).</summary>
    public TimeSpan MaxProbeTimeout => Targets.Count == 0 ? OptionDefaults.Timeout : Targets.Max(t => t.Probe.Timeout);
}
