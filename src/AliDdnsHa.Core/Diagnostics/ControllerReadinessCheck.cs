// Licensed under the MIT license.

using AliDdnsHa.Controller;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AliDdnsHa.Diagnostics;

/// <summary><c>/readyz</c>: first probe round done and the provider answering.</summary>
/// <remarks>Unhealthy (503) until every target has completed its first probe round and read its provider once;
/// Degraded (200) while a provider fails but the record set stands, while a record set is blocked (the provider refuses
/// its change for good) or holds a Down address in a locked record, or while a target is frozen (no vantage can see);
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

        var blocked = controller.Targets.SelectMany(t => t.Blocked.Select(b => $"{t.Options.Id}{(b.Line == Dns.DnsLine.Default ? "" : $" line {b.Line}")} ({b.Blocked.Code})")).ToList();
        if (blocked.Count > 0)
        {
            problems.Add($"blocked, the provider refuses the change: {string.Join(", ", blocked)}");
        }

        var pinned = controller.Targets.SelectMany(t => t.CannotWithdraw.Select(p => $"{p.Address} of {t.Options.Id}{(p.Line == Dns.DnsLine.Default ? "" : $" line {p.Line}")}")).ToList();
        if (pinned.Count > 0)
        {
            problems.Add($"cannot withdraw: locked: {string.Join(", ", pinned)}");
        }

        var frozen = controller.Targets.Where(t => t.Frozen).Select(t => t.Options.Id).ToList();
        if (frozen.Count > 0)
        {
            problems.Add($"frozen, no vantage can see: {string.Join(", ", frozen)}");
        }

        return Task.FromResult(problems.Count > 0 ? HealthCheckResult.Degraded(string.Join("; ", problems)) : HealthCheckResult.Healthy("ready"));
    }
}
