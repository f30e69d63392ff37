// Licensed under the MIT license.

using AliDdnsHa.Controller;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AliDdnsHa.Diagnostics;

/// <summary><c>/readyz</c>: first probe round done and the provider answering.</summary>
/// <remarks>Unhealthy (503) until every target has completed its first probe round and read its provider once;
/// Degraded (200) while a provider fails but the record set stands; Healthy otherwise.</remarks>
public sealed class ControllerReadinessCheck(FailoverController controller) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = controller.Targets.Where(t => !t.InitialProbeCompleted || !t.HasSynced).Select(t => t.Options.Name).ToList();
        if (waiting.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"first probe round or provider read pending: {string.Join(", ", waiting)}"));
        }

        var failing = controller.Targets.Where(t => t.ProviderFailing).Select(t => $"{t.Options.Name} ({t.Provider.Name})").ToList();
        return Task.FromResult(failing.Count > 0
            ? HealthCheckResult.Degraded($"provider failing, record set left as it stands: {string.Join(", ", failing)}")
            : HealthCheckResult.Healthy("ready"));
    }
}
