// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Probing;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Health;

/// <summary>Every vantage in force, each with its <see cref="VantageMonitor"/>; shared by all targets.</summary>
public sealed class VantageRegistry
{
    private readonly Dictionary<string, VantageMonitor> _monitors;

    public VantageRegistry(AliDdnsHaOptions options, Func<VantageOptions, IVantage> create, ControllerMetrics metrics, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<VantageMonitor>();
        _monitors = options.EffectiveVantages.ToDictionary(
            v => v.Name,
            v => new VantageMonitor(v, create(v), CanaryProbe(options, v.Name), metrics, timeProvider, logger),
            StringComparer.Ordinal);
    }

    public IReadOnlyCollection<VantageMonitor> All => _monitors.Values;

    public VantageMonitor Get(string name) => _monitors[name];

    /// <summary>Runs every canary loop until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(_monitors.Values.Select(m => m.RunAsync(cancellationToken)));

    public IReadOnlyList<VantageStatus> GetStatus() => [.. _monitors.Values.Select(m => m.GetStatus())];

    /// <summary>Canaries follow the fastest target that uses the vantage, so they notice blindness no later than it
    /// notices a dead endpoint.</summary>
    private static ProbeOptions CanaryProbe(AliDdnsHaOptions options, string vantage) =>
        options.Targets.Where(t => options.AllVantagesOf(t).Contains(vantage)).Select(t => t.Probe).MinBy(p => p.Interval) ?? new ProbeOptions();
}
