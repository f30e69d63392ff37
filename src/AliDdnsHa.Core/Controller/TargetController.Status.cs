// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Health;
using AliDdnsHa.Planning;

namespace AliDdnsHa.Controller;

public sealed partial class TargetController
{
    /// <summary>A snapshot for <c>/api/status</c>, read from the parts (each under its own lock).</summary>
    public TargetStatus GetStatus()
    {
        var state = _reconciler.Default.GetState();
        var published = state.Published.ToHashSet(StringComparer.Ordinal);
        var sources = _sources.Snapshot().Select(s => new SourceStatus(
            s.Options.Name,
            s.Options.Kind.ToString(),
            s.Options.Kind switch
            {
                SourceKind.Hostname => s.Options.Hostname!,
                SourceKind.Record => s.Options.Record!,
                SourceKind.Interface => s.Options.Interface!,
                SourceKind.Url => s.Options.Url!.ToString(),
                _ => string.Join(", ", s.Options.Addresses),
            },
            [.. s.Addresses.Select(a => a.ToString())],
            s.LastError,
            s.LastDiscoveryAt,
            [.. s.Addresses
                .Select(a => _health.Find(new EndpointKey(s.Options.Name, a, s.Port)))
                .OfType<EndpointMonitor>()
                .Select(e => EndpointStatusOf(e, published.Contains(e.AddressText)))],
            [.. s.Rejected.Select(r => new RejectedAddressStatus(r.Key.ToString(), r.Value))])).ToList();
        bool initial;
        lock (_gate)
        {
            initial = _initialProbeCompleted;
        }

        return new TargetStatus(
            _options.Id,
            _options.Name,
            _options.RecordType.ToString(),
            _options.Zone,
            _provider.Name,
            state.Mode.ToString(),
            state.Mode == PlanMode.AllDown,
            _health.Frozen,
            [.. _health.Vantages.Select(v => v.Name)],
            initial,
            state.Published,
            state.Desired,
            state.LastReconcile,
            state.LastChange,
            state.LastSyncSuccessAt,
            _options.Ttl,
            DetectionBound(_options.Probe).TotalSeconds,
            sources,
            [.. _reconciler.RecordSets.Select(LineStatusOf)],
            state.Blocked ?? _reconciler.RecordSets.Select(r => r.Blocked).FirstOrDefault(b => b is not null),
            state.CannotWithdraw ?? []);
    }

    private LineStatus LineStatusOf(Reconciliation.RecordSetReconciler recordSet)
    {
        var state = recordSet.GetState();
        var line = recordSet.LineOptions;
        return new LineStatus(
            recordSet.Line,
            line?.Sources ?? [.. _options.Sources.Select(s => s.Name)],
            line is { HasOwnVantages: true } ? line.Vantages : [.. _health.Vantages.Select(v => v.Name)],
            state.Mode.ToString(),
            state.Mode == PlanMode.Fallback,
            state.Published,
            state.Desired,
            state.LastReconcile,
            state.LastChange,
            state.LastSyncSuccessAt,
            state.Blocked,
            state.Locked ?? [],
            state.CannotWithdraw ?? []);
    }

    /// <summary>The longest a line can be dead before its endpoint is confirmed Down: the packet-drop case, where
    /// every probe has to time out (docs/how-it-works.md). Add the TTL for the longest a user may still be sent to
    /// it, since resolvers keep the old answer that long.</summary>
    public static TimeSpan DetectionBound(ProbeOptions probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var step = probe.FastInterval > probe.Timeout ? probe.FastInterval : probe.Timeout;
        return probe.Interval + (step * (probe.FailureThreshold - 1)) + probe.Timeout;
    }

    private EndpointStatus EndpointStatusOf(EndpointMonitor e, bool published) =>
        _health.Read(() =>
        {
            var first = e.Views[0];
            return new EndpointStatus(
                e.AddressText,
                e.Key.Port,
                e.Health.ToString(),
                published,
                first.LastResult?.Label,
                first.LastResult?.Duration.TotalMilliseconds,
                first.LastResult?.Detail,
                first.LastProbeAt,
                first.State.ConsecutiveSuccesses,
                first.State.ConsecutiveFailures,
                e.LastTransitionAt,
                [.. e.Views.Select(v => new EndpointVantageStatus(
                    v.Vantage.Name,
                    v.State.Health.ToString(),
                    v.Vote(v.Vantage.Condition).ToString(),
                    v.LastResult?.Label,
                    v.Vantage.Vantage.ReportsLatency ? v.LastResult?.Duration.TotalMilliseconds : null,
                    v.LastResult?.Detail,
                    v.LastFault?.Message,
                    v.LastProbeAt,
                    v.State.ConsecutiveSuccesses,
                    v.State.ConsecutiveFailures))],
                first.Recent.ToList());
        });
}
