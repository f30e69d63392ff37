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

    /// <summary>The names of the vantages that judge <paramref name="target"/> (its default line, and every line
    /// without vantages of its own): the listed ones, or every vantage in force that none of its lines names.</summary>
    public IReadOnlyList<string> VantagesOf(TargetOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Vantages.Count > 0
            ? target.Vantages
            : [.. EffectiveVantages.Select(v => v.Name).Where(v => !target.Lines.Exists(l => l.Vantages.Contains(v)))];
    }

    /// <summary>The vantages that judge <paramref name="line"/>'s sources for it: its own, or the target's.</summary>
    public IReadOnlyList<string> VantagesOf(TargetOptions target, LineOptions line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.HasOwnVantages ? line.Vantages : VantagesOf(target);
    }

    /// <summary>Every vantage that probes some endpoint of <paramref name="target"/>: the target's, then its lines' own.</summary>
    public IReadOnlyList<string> AllVantagesOf(TargetOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return [.. VantagesOf(target).Concat(target.Lines.SelectMany(l => l.Vantages)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The endpoints the configuration names: each source once per vantage that probes it (a
    /// <c>Hostname</c> source counts once, though it may yield several addresses).</summary>
    public int ConfiguredEndpointCount => Targets.Sum(t => t.Sources.Sum(s => Math.Max(1, VantagesOfSource(t, s.Name).Count)));

    /// <summary>The vantages that probe the endpoints of one source: the target's, and those of the lines that list it.</summary>
    public IReadOnlyList<string> VantagesOfSource(TargetOptions target, string source)
    {
        ArgumentNullException.ThrowIfNull(target);
        return [.. VantagesOf(target).Concat(target.Lines.Where(l => l.Sources.Contains(source)).SelectMany(l => l.Vantages)).Distinct(StringComparer.Ordinal)];
    }

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
