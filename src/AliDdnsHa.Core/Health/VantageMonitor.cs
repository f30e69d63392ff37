// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Probing;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Health;

/// <summary>Decides whether one vantage can be believed: probes its canaries and watches whether it can be asked at
/// all. Shared by every target that uses the vantage.</summary>
/// <remarks>
/// Canaries are probed on the schedule of the fastest target that uses the vantage (its <c>Interval</c>,
/// <c>FastInterval</c> while a canary's state is being confirmed, and the same thresholds). A failed endpoint probe
/// asks for a canary round at once (at most every half <c>FastInterval</c>), so when the vantage's own uplink dies its
/// canaries start failing as soon as its endpoints do and its Down votes are doubted from the first failure.
/// Every request, to an endpoint or a canary, also tells whether the vantage can be asked: a fault is a failure of
/// the vantage's reachability, which recovers on the first answer.
/// </remarks>
public sealed partial class VantageMonitor
{
    private readonly VantageOptions _options;
    private readonly ProbeOptions _probe;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly AsyncSignal _nudge = new();
    private readonly List<CanaryState> _canaries;
    private readonly EndpointHealthState _reachability;

    private readonly Dictionary<string, Prometheus.Counter.Child> _requests;
    private readonly Prometheus.Counter.Child _ok;
    private int _condition = (int)VantageCondition.Voting;

    /// <summary>True while the vantage answers, has no failure streak and votes: a further answer changes nothing.</summary>
    private bool _settled;
    private DateTimeOffset? _conditionSince;
    private VantageFault? _lastFault;
    private DateTimeOffset? _lastFaultAt;

    public VantageMonitor(VantageOptions options, IVantage vantage, ProbeOptions probe, ControllerMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options;
        Vantage = vantage;
        _probe = probe;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _reachability = new EndpointHealthState(1, probe.FailureThreshold);
        _canaries = [.. options.Canaries.Select(c => new CanaryState(c, CanaryRequest(options, c), probe.SuccessThreshold, probe.FailureThreshold))];
        metrics.InitializeVantage(options.Name, options.Canaries);
        _requests = VantageFault.Kinds.Append("ok").ToDictionary(k => k, k => metrics.VantageRequests.WithLabels(options.Name, k), StringComparer.Ordinal);
        _ok = _requests["ok"];
    }

    public IVantage Vantage { get; }

    public string Name => _options.Name;

    /// <summary>Raised (outside any lock) when <see cref="Condition"/> changes.</summary>
    public event Action<VantageMonitor>? ConditionChanged;

    /// <summary>Read without the lock: every probe of every endpoint asks it.</summary>
    public VantageCondition Condition => (VantageCondition)Volatile.Read(ref _condition);

    /// <summary>Probes the canaries until <paramref name="cancellationToken"/> is cancelled; returns at once without canaries.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_canaries.Count == 0)
        {
            return;
        }

        var minimumGap = _probe.FastInterval / 2;
        try
        {
            while (true)
            {
                var started = _time.GetTimestamp();
                await ProbeCanariesOnceAsync(cancellationToken);
                bool confirming;
                lock (_gate)
                {
                    confirming = _canaries.Exists(c => c.State.IsConfirming);
                }

                var wait = (confirming ? _probe.FastInterval : _probe.Interval) - _time.GetElapsedTime(started);
                if (await _nudge.WaitAsync(wait, _time, cancellationToken) && minimumGap - _time.GetElapsedTime(started) is var gap && gap > TimeSpan.Zero)
                {
                    // Nudged by a failed endpoint probe: at most one extra round per half FastInterval.
                    await Task.Delay(gap, _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Probes every canary once, concurrently. Internal for testing.</summary>
    internal async Task ProbeCanariesOnceAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_canaries.Select(async c => (Canary: c, Result: await Vantage.ProbeAsync(c.Request, _probe.Timeout, cancellationToken))));
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var (canary, result) in results)
            {
                RecordRequest(result, now);
                if (result.Fault is null)
                {
                    canary.LastResult = result.Result;
                    canary.LastProbeAt = now;
                    canary.State.Record(result.Result.IsSuccess, now);
                    _metrics.CanaryUp.WithLabels(Name, canary.Text).Set(canary.State.Health == EndpointHealth.Up ? 1 : 0);
                }
            }
        }

        Evaluate(now);
    }

    /// <summary>Takes note of one endpoint probe through this vantage.</summary>
    /// <remarks>Every endpoint of every target that uses the vantage reports here, so an answer from a vantage that
    /// is fully reachable and voting takes no lock: it would change nothing but the request counter.</remarks>
    public void Report(VantageProbeResult result)
    {
        if (result.Fault is null && !result.Result.IsSuccess && _canaries.Count > 0)
        {
            _nudge.Set();
        }

        if (result.Fault is null && Volatile.Read(ref _settled))
        {
            _ok.Inc();
            return;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            RecordRequest(result, now);
        }

        Evaluate(now);
    }

    /// <summary>Counts a request and updates reachability. Call under the lock.</summary>
    private void RecordRequest(VantageProbeResult result, DateTimeOffset now)
    {
        _requests[result.Fault?.Kind ?? "ok"].Inc();
        _reachability.Record(result.Fault is null, now);
        Volatile.Write(ref _settled, false);
        if (result.Fault is { } fault)
        {
            _lastFault = fault;
            _lastFaultAt = now;
        }
    }

    private void Evaluate(DateTimeOffset now)
    {
        VantageCondition previous, next;
        string reason;
        lock (_gate)
        {
            next = Judge();
            previous = Condition;
            Volatile.Write(ref _settled, next == VantageCondition.Voting && _reachability.Health == EndpointHealth.Up && _reachability.ConsecutiveFailures == 0);
            if (next == previous)
            {
                return;
            }

            Volatile.Write(ref _condition, (int)next);
            _conditionSince = now;
            reason = Reason(next) ?? "";
            _metrics.VantageUp.WithLabels(Name).Set(next == VantageCondition.Blind ? 0 : 1);
        }

        switch (next)
        {
            case VantageCondition.Blind:
                Log.Blind(_logger, Name, reason);
                break;
            case VantageCondition.Doubtful:
                Log.Doubtful(_logger, Name, reason);
                break;
            default:
                Log.Voting(_logger, Name, previous.ToString());
                break;
        }

        ConditionChanged?.Invoke(this);
    }

    /// <summary>The condition the current state gives. Call under the lock; allocates nothing.</summary>
    private VantageCondition Judge()
    {
        if (_reachability.Health == EndpointHealth.Down)
        {
            return VantageCondition.Blind;
        }

        if (_canaries.Count > 0 && _canaries.TrueForAll(c => c.State.Health == EndpointHealth.Down))
        {
            return VantageCondition.Blind;
        }

        if (_reachability.ConsecutiveFailures > 0 || (_canaries.Count > 0 && _canaries.TrueForAll(c => c.State.ConsecutiveFailures > 0)))
        {
            return VantageCondition.Doubtful;
        }

        return VantageCondition.Voting;
    }

    /// <summary>Why the vantage is in <paramref name="condition"/>, for logs and status. Call under the lock.</summary>
    private string? Reason(VantageCondition condition) => condition switch
    {
        VantageCondition.Blind when _reachability.Health == EndpointHealth.Down => $"cannot be asked: {_lastFault?.Message}",
        VantageCondition.Blind => $"every canary fails ({string.Join(", ", _canaries.Select(c => $"{c.Text}: {c.LastResult?.Label}"))})",
        VantageCondition.Doubtful when _reachability.ConsecutiveFailures > 0 => $"the last request failed: {_lastFault?.Message}",
        VantageCondition.Doubtful => "every canary's last probe failed",
        _ => null,
    };

    public VantageStatus GetStatus()
    {
        lock (_gate)
        {
            return new VantageStatus(
                Name,
                _options.Type.ToString(),
                _options.Url?.ToString(),
                Condition.ToString(),
                Reason(Condition),
                _conditionSince,
                _lastFault?.Message,
                _lastFaultAt,
                [.. _canaries.Select(c => new CanaryStatus(c.Text, c.State.Health.ToString(), c.LastResult?.Label, c.LastResult?.Detail, c.LastProbeAt))]);
        }
    }

    private static VantageProbeRequest CanaryRequest(VantageOptions options, string canary) =>
        options.Type == VantageType.Prometheus
            ? new VantageProbeRequest(null, "", "canary", canary)
            : new VantageProbeRequest(AliDdnsHaOptionsReader.TryParseEndPoint(canary, 0, out var endPoint) ? endPoint : null, "", "canary");

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Vantages + 1, LogLevel.Warning, "Vantage {Vantage} is blind and does not vote: {Reason}", EventName = "VantageBlind")]
        public static partial void Blind(ILogger logger, string vantage, string reason);

        [LoggerMessage(LogEvents.Vantages + 2, LogLevel.Information, "Vantage {Vantage} is in doubt, its Down votes count as Unknown: {Reason}", EventName = "VantageDoubtful")]
        public static partial void Doubtful(ILogger logger, string vantage, string reason);

        [LoggerMessage(LogEvents.Vantages + 3, LogLevel.Information, "Vantage {Vantage} votes again (was {Previous})", EventName = "VantageVoting")]
        public static partial void Voting(ILogger logger, string vantage, string previous);
    }
}
