// Licensed under the MIT license.

using AliDdnsHa.Controller;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AliDdnsHa.Diagnostics;

/// <summary><c>/readyz</c>: first probe round done and the provider answering.</summary>
/// <remarks>Unhealthy (503) until every target has completed its first probe round and read its provider once;
/// Degraded (200) while a provider fails but the record set stands, or while a target is frozen (no vantage can see);
/// Healthy otherwise.</remarks>
public sealed class ControllerReadinessCheck(FailoverController controller) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = controller.Targets.Where(t => !t.InitialProbeCompleted || !t.HasSynced).Select(t => t.Options.Id).ToList();
        if (waiting.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"first probe round or provider read pending: {string.Join(", ", waiting)}"));
        }

        List<string> problems = [];
        var failing = controller.Targets.Where(t => t.ProviderFailing).Select(t => $"{t.Options.Id} ({t.Provider.Name})").ToList();
        if (failing.Count > 0)
        {
            problems.Add($"provider failing, record set left as it stands: {string.Join(", ", failing)}");
        }

        var frozen = controller.Targets.Where(t => t.Frozen).Select(t => t.Options.Id).ToList();
        if (frozen.Count > 0)
        {
            problems.Add($"frozen, no vantage can see: {string.Join(", ", frozen)}");
        }

        return Task.FromResult(problems.Count > 0 ? HealthCheckResult.Degraded(string.Join("; ", problems)) : HealthCheckResult.Healthy("ready"));
    }
}
