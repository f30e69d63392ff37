// Licensed under the MIT license.

using AliDdnsHa.Controller;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AliDdnsHa.Diagnostics;

/// <summary><c>/healthz</c>: the control loops are alive. Never depends on the provider or on endpoint health.</summary>
/// <remarks>Unhealthy only when a target's loops have not completed an iteration within three intervals (at least three
/// minutes: the reconcile loop wakes at least once a minute even while backing off, and a slow provider call with its
/// retries must not look like a stall). A restart fixes a stuck loop, not an outage upstream.</remarks>
public sealed class ControllerLivenessCheck(FailoverController controller, TimeProvider timeProvider) : IHealthCheck
{
    private static readonly TimeSpan s_minimumBudget = TimeSpan.FromMinutes(3);
    private readonly DateTimeOffset _startedAt = timeProvider.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var target in controller.Targets)
        {
            var budget = target.Options.Probe.Interval * 3;
            budget = budget < s_minimumBudget ? s_minimumBudget : budget;
            var last = target.LastHeartbeat ?? _startedAt;
            if (now - last > budget)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"{target.Options.Id}: no loop iteration for {(now - last).TotalSeconds:F0} s"));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy("control loops alive"));
    }
}
