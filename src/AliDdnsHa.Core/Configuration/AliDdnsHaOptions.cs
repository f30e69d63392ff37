// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>The whole controller configuration.</summary>
public sealed class AliDdnsHaOptions
{
    /// <summary>Read and plan, never write.</summary>
    public bool DryRun { get; set; }

    public ResolverOptions Resolver { get; set; } = new();

    public List<ProviderOptions> Providers { get; set; } = [];

    public List<TargetOptions> Targets { get; set; } = [];

    /// <summary>The largest probe timeout of any target (histogram buckets end there).</summary>
    public TimeSpan MaxProbeTimeout => Targets.Count == 0 ? OptionDefaults.Timeout : Targets.Max(t => t.Probe.Timeout);
}
