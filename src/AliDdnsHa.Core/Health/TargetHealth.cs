// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Planning;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Health;

/// <summary>The health of one target's endpoints: each vantage's rise/fall state per endpoint, and the quorum
/// verdict that combines them; for a line with vantages of its own, that line's verdict of its sources too.
/// Thread-safe.</summary>
internal sealed class TargetHealth
{
    private readonly TargetOptions _options;
    private readonly ControllerMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly Dictionary<EndpointKey, EndpointMonitor> _endpoints = [];
    private readonly IReadOnlyDictionary<string, IReadOnlyList<VantageMonitor>> _lineVantages;
    private bool _frozen;

    /// <param name="options">The target.</param>
    /// <param name="vantages">The target's vantages, in configured order.</param>
    /// <param name="metrics">Where verdicts are exported.</param>
    /// <param name="lineVantages">The vantages of each line that has its own, by line code.</param>
    public TargetHealth(TargetOptions options, IReadOnlyList<VantageMonitor> vantages, ControllerMetrics metrics, IReadOnlyDictionary<string, IReadOnlyList<VantageMonitor>>? lineVantages = null)
    {
        _options = options;
        Vantages = vantages;
        _metrics = metrics;
        _lineVantages = lineVantages ?? new Dictionary<string, IReadOnlyList<VantageMonitor>>();
        metrics.TargetFrozen.WithLabels(options.Id).Set(0);
    }

    /// <summary>The vantages that judge this target, in configured order.</summary>
    public IReadOnlyList<VantageMonitor> Vantages { get; }

    /// <summary>Every vantage that probes some endpoint of the target: its own, then its lines' own.</summary>
    public IReadOnlyList<VantageMonitor> AllVantages =>
        [.. Vantages.Concat(_lineVantages.Values.SelectMany(v => v)).Distinct()];

    /// <summary>True while every vantage of the target is blind.</summary>
    public bool Frozen
    {
        get
        {
            lock (_gate)
            {
                return _frozen;
            }
        }
    }

    public IReadOnlyList<EndpointMonitor> Monitors
    {
        get
        {
            lock (_gate)
            {
                return [.. _endpoints.Values];
            }
        }
    }

    /// <summary>How many endpoints the target has now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _endpoints.Count;
            }
        }
    }

    /// <summary>True once every endpoint has had one full probe round.</summary>
    public bool AllProbed
    {
        get
        {
            lock (_gate)
            {
                return _endpoints.Values.All(e => e.Rounds > 0);
            }
        }
    }

    /// <summary>Monitors of the controller this one replaces (a configuration reload), by key: an endpoint that is
    /// discovered again takes over its views' states instead of starting Unknown.</summary>
    public IReadOnlyDictionary<EndpointKey, EndpointMonitor>? Seeds { get; init; }

    public EndpointMonitor Add(EndpointKey key, double phase)
    {
        var monitor = _lineVantages.Count == 0
            ? new EndpointMonitor(_options.Name, key, Vantages, _options.Probe.SuccessThreshold, _options.Probe.FailureThreshold, phase)
            : MonitorWithLines(key, phase);
        if (Seeds?.GetValueOrDefault(key) is { } seed)
        {
            monitor.TakeOver(seed);
        }

        lock (_gate)
        {
            _endpoints.Add(key, monitor);
            _metrics.EndpointUp.WithLabels(_options.Id, key.Source, monitor.AddressText).Set(monitor.Health == EndpointHealth.Up ? 1 : 0);
            _metrics.EndpointPublished.WithLabels(_options.Id, DnsLine.Default, key.Source, monitor.AddressText).Set(0);
            foreach (var line in _options.Lines)
            {
                _metrics.EndpointPublished.WithLabels(_options.Id, line.Code, key.Source, monitor.AddressText).Set(0);
            }

            foreach (var view in monitor.Views)
            {
                _metrics.VantageEndpointUp.WithLabels(_options.Id, key.Source, monitor.AddressText, view.Vantage.Name).Set(view.State.Health == EndpointHealth.Up ? 1 : 0);
                view.Successes = _metrics.Probes.WithLabels(_options.Id, key.Source, monitor.AddressText, view.Vantage.Name, "success");
                view.Latency = _metrics.LatencyOf(_options.Id, key.Source, monitor.AddressText, view.Vantage.Name);
            }

            _metrics.ConfiguredEndpoints.WithLabels(_options.Id).Set(_endpoints.Count);
            if (monitor.Health == EndpointHealth.Up)
            {
                // Only an endpoint taken over from a reloaded target starts Up; counting on every add would make
                // discovering N endpoints cost N² at start-up.
                _metrics.HealthyEndpoints.WithLabels(_options.Id).Set(CountHealthy());
            }
        }

        return monitor;
    }

    /// <summary>An endpoint whose source some lines judge with vantages of their own: the target's vantages first,
    /// then each such line's that the target does not have, and one verdict per such line.</summary>
    private EndpointMonitor MonitorWithLines(EndpointKey key, double phase)
    {
        var views = new List<VantageMonitor>(Vantages);
        var verdicts = new List<LineVerdict>();
        foreach (var line in _options.Lines.Where(l => l.HasOwnVantages && l.Sources.Contains(key.Source)))
        {
            var indices = new List<int>();
            foreach (var vantage in _lineVantages[line.Code])
            {
                var index = views.IndexOf(vantage);
                if (index < 0)
                {
                    index = views.Count;
                    views.Add(vantage);
                }

                indices.Add(index);
            }

            verdicts.Add(new LineVerdict(line.Code, [.. indices], line.Quorum));
        }

        return new EndpointMonitor(_options.Name, key, views, _options.Probe.SuccessThreshold, _options.Probe.FailureThreshold, phase, Vantages.Count, [.. verdicts]);
    }

    public EndpointMonitor? Remove(EndpointKey key)
    {
        lock (_gate)
        {
            if (!_endpoints.Remove(key, out var monitor))
            {
                return null;
            }

            _metrics.RemoveEndpoint(_options.Id, key.Source, monitor.AddressText, monitor.Views.Select(v => v.Vantage.Name), _options.Lines.Select(l => l.Code));
            _metrics.ConfiguredEndpoints.WithLabels(_options.Id).Set(_endpoints.Count);
            _metrics.HealthyEndpoints.WithLabels(_options.Id).Set(CountHealthy());
            return monitor;
        }
    }

    public EndpointMonitor? Find(EndpointKey key)
    {
        lock (_gate)
        {
            return _endpoints.GetValueOrDefault(key);
        }
    }

    /// <summary>True while any voting vantage is confirming a change of this endpoint (probe at FastInterval).</summary>
    public bool IsConfirming(EndpointMonitor monitor)
    {
        lock (_gate)
        {
            foreach (var view in monitor.Views)
            {
                if (view.State.IsConfirming && view.Vantage.Condition != VantageCondition.Blind)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Records one round of answers (one per vantage, in order); returns the verdicts' changes, if any.</summary>
    public EndpointTransitions Record(EndpointMonitor monitor, IReadOnlyList<VantageProbeResult> results, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!IsCurrent(monitor))
            {
                return EndpointTransitions.None;
            }

            for (var i = 0; i < results.Count; i++)
            {
                RecordAnswer(monitor, monitor.Views[i], results[i], now);
            }

            monitor.Rounds++;
            return Combine(monitor, now);
        }
    }

    /// <summary>Records the answer of a target's only vantage (no array for a round of one).</summary>
    public EndpointTransitions Record(EndpointMonitor monitor, in VantageProbeResult result, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!IsCurrent(monitor))
            {
                return EndpointTransitions.None;
            }

            RecordAnswer(monitor, monitor.Views[0], result, now);
            monitor.Rounds++;
            return Combine(monitor, now);
        }
    }

    /// <summary>False when the address left its source while the probe ran. Call under the lock.</summary>
    private bool IsCurrent(EndpointMonitor monitor) =>
        _endpoints.TryGetValue(monitor.Key, out var current) && ReferenceEquals(current, monitor);

    /// <summary>One vantage's answer into its view, its state and the metrics. Call under the lock.</summary>
    private void RecordAnswer(EndpointMonitor monitor, VantageView view, in VantageProbeResult answer, DateTimeOffset now)
    {
        view.LastProbeAt = now;
        if (answer.Fault is { } fault)
        {
            view.LastFault = fault; // the vantage's failure, not the endpoint's: the state is left as it is
            return;
        }

        var result = answer.Result;
        view.LastFault = null;
        view.LastResult = result;
        view.Recent.Add(result.IsSuccess ? result.Duration.TotalMilliseconds : null);
        if (result.IsSuccess)
        {
            view.Successes!.Inc();
            if (view.Vantage.Vantage.ReportsLatency)
            {
                view.Latency!.Observe(result.Duration.TotalSeconds);
            }
        }
        else
        {
            _metrics.Probes.WithLabels(_options.Id, monitor.Key.Source, monitor.AddressText, view.Vantage.Name, result.Label).Inc();
        }

        if (view.State.Record(result.IsSuccess, now) is { } to)
        {
            _metrics.VantageEndpointUp.WithLabels(_options.Id, monitor.Key.Source, monitor.AddressText, view.Vantage.Name).Set(to == EndpointHealth.Up ? 1 : 0);
        }
    }

    /// <summary>Recomputes every verdict after a vantage's condition changed; returns the changes.</summary>
    public IReadOnlyList<EndpointTransition> Reevaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            return [.. _endpoints.Values.SelectMany(e => Combine(e, now).All)];
        }
    }

    public HealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            UpdateFrozen();
            return new HealthSnapshot(
                [.. _endpoints.Values.Select(e => new EndpointSnapshot(e.Key.Source, e.Key.Address, e.Key.Port, e.Health, e.FailingSince))],
                _frozen,
                _options.Lines.Count == 0 ? null : [.. _options.Lines.Select(LineSnapshot)]);
        }
    }

    /// <summary>One line's endpoints with the line's verdicts. Call under the lock.</summary>
    private LineHealth LineSnapshot(LineOptions line)
    {
        var endpoints = new List<EndpointSnapshot>();
        foreach (var e in _endpoints.Values)
        {
            if (!line.Sources.Contains(e.Key.Source))
            {
                continue;
            }

            var own = line.HasOwnVantages ? Array.Find(e.Lines, l => l.Line == line.Code) : null;
            endpoints.Add(own is null
                ? new EndpointSnapshot(e.Key.Source, e.Key.Address, e.Key.Port, e.Health, e.FailingSince)
                : new EndpointSnapshot(e.Key.Source, e.Key.Address, e.Key.Port, own.Health, own.FailingSince));
        }

        var blind = line.HasOwnVantages && _lineVantages[line.Code].All(v => v.Condition == VantageCondition.Blind);
        return new LineHealth(line.Code, endpoints, _frozen || blind);
    }

    /// <summary>Reads an endpoint's mutable state consistently (under the lock).</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    /// <summary>Endpoints currently Up. Call under the lock.</summary>
    private int CountHealthy() => _endpoints.Values.Count(e => e.Health == EndpointHealth.Up);

    /// <summary>Applies the quorum verdicts to the endpoint: the target's, and each own-vantage line's. Call under the lock.</summary>
    private EndpointTransitions Combine(EndpointMonitor monitor, DateTimeOffset now)
    {
        UpdateFrozen();
        var votes = monitor.Votes;
        for (var i = 0; i < votes.Length; i++)
        {
            votes[i] = monitor.Views[i].Vote(monitor.Views[i].Vantage.Condition);
        }

        var target = CombineTarget(monitor, now);
        List<EndpointTransition>? lines = null;
        foreach (var line in monitor.Lines)
        {
            if (CombineLine(monitor, line, now) is { } change)
            {
                (lines ??= []).Add(change);
            }
        }

        return new EndpointTransitions(target, lines);
    }

    /// <summary>A line's own quorum over its vantages' votes (already in <see cref="EndpointMonitor.Votes"/>). Call under the lock.</summary>
    private EndpointTransition? CombineLine(EndpointMonitor monitor, LineVerdict line, DateTimeOffset now)
    {
        Span<Vote> votes = stackalloc Vote[line.Views.Length];
        for (var i = 0; i < votes.Length; i++)
        {
            votes[i] = monitor.Votes[line.Views[i]];
        }

        var to = QuorumVerdict.Evaluate(votes, line.Quorum) switch
        {
            Verdict.Up => EndpointHealth.Up,
            Verdict.Down => EndpointHealth.Down,
            Verdict.Unknown => EndpointHealth.Unknown,
            _ => line.Health, // every vantage of the line is blind: nothing is learnt
        };
        if (to == line.Health)
        {
            return null;
        }

        line.Health = to;
        line.LastTransitionAt = now;
        line.FailingSince = to == EndpointHealth.Down
            ? line.Views.Select(i => monitor.Views[i]).Where(v => v.State.Health == EndpointHealth.Down).Select(v => v.State.FailingSince).Min() ?? now
            : null;
        var described = string.Join(" ", line.Views.Select(i => $"{monitor.Views[i].Vantage.Name}={monitor.Votes[i]}"));
        return new EndpointTransition(monitor, to, CountHealthy(), described, line.Line);
    }

    /// <summary>The target's quorum over its own vantages' votes. Call under the lock.</summary>
    private EndpointTransition? CombineTarget(EndpointMonitor monitor, DateTimeOffset now)
    {
        var votes = monitor.Votes.AsSpan(0, monitor.TargetViews);
        var verdict = QuorumVerdict.Evaluate(votes, _options.Quorum);
        var to = verdict switch
        {
            Verdict.Up => EndpointHealth.Up,
            Verdict.Down => EndpointHealth.Down,
            Verdict.Unknown => EndpointHealth.Unknown,
            _ => monitor.Health, // frozen: blind, so nothing is learnt
        };
        if (to == monitor.Health)
        {
            return null;
        }

        monitor.Health = to;
        monitor.LastTransitionAt = now;
        monitor.FailingSince = to == EndpointHealth.Down
            ? monitor.Views.Take(monitor.TargetViews).Where(v => v.State.Health == EndpointHealth.Down).Select(v => v.State.FailingSince).Min() ?? now
            : null;
        var target = _options.Id;
        _metrics.EndpointUp.WithLabels(target, monitor.Key.Source, monitor.AddressText).Set(to == EndpointHealth.Up ? 1 : 0);
        if (to != EndpointHealth.Unknown)
        {
            _metrics.EndpointTransitions.WithLabels(target, monitor.Key.Source, to == EndpointHealth.Up ? "up" : "down").Inc();
        }

        var healthy = CountHealthy();
        _metrics.HealthyEndpoints.WithLabels(target).Set(healthy);
        var described = string.Join(" ", monitor.Views.Take(monitor.TargetViews).Select((v, i) => $"{v.Vantage.Name}={monitor.Votes[i]}"));
        return new EndpointTransition(monitor, to, healthy, described);
    }

    /// <summary>Frozen when no vantage of the target votes. Call under the lock.</summary>
    private void UpdateFrozen()
    {
        var frozen = true;
        foreach (var vantage in Vantages)
        {
            frozen &= vantage.Condition == VantageCondition.Blind;
        }

        if (frozen != _frozen)
        {
            _frozen = frozen;
            _metrics.TargetFrozen.WithLabels(_options.Id).Set(frozen ? 1 : 0);
        }
    }
}
