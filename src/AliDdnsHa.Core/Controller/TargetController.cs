// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Discovery;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Planning;
using AliDdnsHa.Probing;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Controller;

/// <summary>Owns one target record set: discovers its sources, probes its endpoints and reconciles the provider.</summary>
/// <remarks>
/// Three kinds of loop run per target: one discovery loop (every <c>DiscoveryInterval</c>), one probe loop per endpoint
/// (every <c>Interval</c>, or <c>FastInterval</c> while a change is being confirmed) and one reconcile loop, woken at
/// once by any state change and otherwise every <c>Interval</c>. Reconciling plans from a cached copy of the record
/// set and touches the provider only when the plan is not empty (re-reading before it writes) or every
/// <c>ResyncInterval</c>, so a steady state costs one read per resync and no writes.
/// </remarks>
public sealed partial class TargetController : IDisposable
{
    private const int PhaseSlots = 50;
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly TargetOptions _options;
    private readonly IDnsProvider _provider;
    private readonly SourceDiscovery _discovery;
    private readonly TcpProbe _probe;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _dryRun;
    private readonly RecordSetKey _key;
    private readonly Lock _gate = new();
    private readonly AsyncSignal _reconcileSignal = new();
    private readonly List<SourceState> _sources;
    private readonly Dictionary<EndpointKey, EndpointMonitor> _endpoints = [];
    private readonly SemaphoreSlim _reconcileMutex = new(1, 1);
    private readonly long _epoch;

    private List<DnsRecord>? _actual;
    private bool _actualStale = true;
    private DateTimeOffset _nextResyncAt;
    private RecordSetPlan? _lastPlan;
    private ReconcileStatus? _lastReconcile;
    private ChangeStatus? _lastChange;
    private DateTimeOffset? _lastSyncSuccessAt;
    private DateTimeOffset? _lastHeartbeat;
    private bool _providerFailing;
    private bool _initialProbeCompleted;
    private bool _configurationError;
    private string? _lastLoggedFailure;
    private CancellationToken _probeStopping;
    private bool _probeLoopsEnabled;
    private double _phaseSeed;

    public TargetController(
        TargetOptions options,
        IDnsProvider provider,
        SourceDiscovery discovery,
        TcpProbe probe,
        ControllerMetrics metrics,
        TimeProvider timeProvider,
        ILogger logger,
        bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _provider = provider;
        _discovery = discovery;
        _probe = probe;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _dryRun = dryRun;
        _key = new RecordSetKey(options.Name, options.Zone);
        _sources = [.. options.Sources.Select(s => new SourceState(s, s.Port ?? options.Port ?? 0))];
        _epoch = timeProvider.GetTimestamp();
        metrics.InitializeTarget(options.Name, options.RemoveMode == RemoveMode.Disable);
    }

    public TargetOptions Options => _options;

    public IDnsProvider Provider => _provider;

    /// <summary>True once every endpoint discovered at start-up has been probed at least once; stays true.</summary>
    /// <remarks>Addresses discovered later start Unknown, which the planner already treats safely, so they do not
    /// hold back reconciling (a moved source's old address must be withdrawn at once).</remarks>
    public bool InitialProbeCompleted
    {
        get
        {
            lock (_gate)
            {
                return _initialProbeCompleted |= _sources.All(s => s.LastDiscoveryAt is not null) && _endpoints.Values.All(e => e.State.ProbeCount > 0);
            }
        }
    }

    /// <summary>True once the provider has been read successfully.</summary>
    public bool HasSynced
    {
        get
        {
            lock (_gate)
            {
                return _lastSyncSuccessAt is not null;
            }
        }
    }

    /// <summary>True while the last provider call failed (the record set is left as it stands).</summary>
    public bool ProviderFailing
    {
        get
        {
            lock (_gate)
            {
                return _providerFailing;
            }
        }
    }

    /// <summary>When a loop of this target last completed an iteration.</summary>
    public DateTimeOffset? LastHeartbeat
    {
        get
        {
            lock (_gate)
            {
                return _lastHeartbeat;
            }
        }
    }

    /// <summary>Raised after every reconcile pass (tests wait on it rather than sleep).</summary>
    public event Action<TargetController>? Reconciled;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _probeStopping = cancellationToken;
        lock (_gate)
        {
            _probeLoopsEnabled = true;
        }

        await DiscoverOnceAsync(cancellationToken);
        var discovery = DiscoveryLoopAsync(cancellationToken);
        var reconcile = ReconcileLoopAsync(cancellationToken);
        try
        {
            await Task.WhenAll(discovery, reconcile);
        }
        finally
        {
            List<Task> loops;
            lock (_gate)
            {
                _probeLoopsEnabled = false;
                loops = [.. _endpoints.Values.Select(e => e.Loop).OfType<Task>()];
            }

            await Task.WhenAll(loops).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Looks up every source once, concurrently, and updates the endpoints.</summary>
    public async Task DiscoverOnceAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_sources.Select(async s => (Source: s, Result: await DiscoverSourceAsync(s, cancellationToken))));
        var changed = false;
        foreach (var (source, result) in results)
        {
            changed |= ApplyDiscovery(source, result);
        }

        Heartbeat();
        if (changed)
        {
            _reconcileSignal.Set();
        }
    }

    private async Task<DiscoveryResult> DiscoverSourceAsync(SourceState source, CancellationToken cancellationToken)
    {
        var zone = source.Options.Record is { } record && _options.Zone is { } z && DnsName.IsInZone(record, z) ? z : null;
        try
        {
            return await _discovery.DiscoverAsync(source.Options, _provider, zone, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return DiscoveryResult.Failed(ex.Message);
        }
    }

    /// <summary>Applies one lookup result; returns true when the source's addresses changed.</summary>
    private bool ApplyDiscovery(SourceState source, DiscoveryResult result)
    {
        var now = _time.GetUtcNow();
        var name = source.Options.Name;
        List<EndpointMonitor> removed = [];
        lock (_gate)
        {
            source.LastDiscoveryAt = now;
            if (!result.IsSuccess)
            {
                if (source.LastError != result.Error)
                {
                    Log.DiscoveryFailed(_logger, _options.Name, name, result.Error!, source.Addresses.Count);
                }

                source.LastError = result.Error;
                return false;
            }

            source.LastError = null;
            var next = result.Addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).Order(AddressComparer.Instance).ToList();
            if (next.SequenceEqual(source.Addresses))
            {
                return false;
            }

            var previous = source.Addresses;
            var firstDiscovery = source.LastChangeAt is null && previous.Count == 0;
            source.Addresses = next;
            source.LastChangeAt = now;
            if (!firstDiscovery)
            {
                _metrics.SourceAddressChanges.WithLabels(_options.Name, name).Inc();
                Log.SourceMoved(_logger, _options.Name, name, string.Join(", ", previous), string.Join(", ", next));
            }

            foreach (var address in previous.Except(next))
            {
                var key = new EndpointKey(name, address, source.Port);
                if (_endpoints.Remove(key, out var monitor))
                {
                    removed.Add(monitor);
                    _metrics.RemoveEndpoint(_options.Name, name, monitor.AddressText);
                }
            }

            foreach (var address in next.Except(previous))
            {
                var key = new EndpointKey(name, address, source.Port);
                var monitor = new EndpointMonitor(key, _options.Probe.SuccessThreshold, _options.Probe.FailureThreshold, NextPhase());
                _endpoints.Add(key, monitor);
                _metrics.EndpointUp.WithLabels(_options.Name, name, monitor.AddressText).Set(0);
                _metrics.EndpointPublished.WithLabels(_options.Name, name, monitor.AddressText).Set(0);
                if (_probeLoopsEnabled)
                {
                    // First probes spread over FastInterval: a large target sends no SYN burst, and start-up stays fast.
                    monitor.Loop = ProbeLoopAsync(monitor, _options.Probe.FastInterval * monitor.Phase);
                }
            }

            _metrics.ConfiguredEndpoints.WithLabels(_options.Name).Set(_endpoints.Count);
        }

        foreach (var monitor in removed)
        {
            monitor.Stopping.Cancel();
        }

        return true;
    }

    private async Task DiscoveryLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.DiscoveryInterval, _time, cancellationToken);
                await DiscoverOnceAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeLoopAsync(EndpointMonitor monitor, TimeSpan initialDelay)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_probeStopping, monitor.Stopping.Token);
        var token = linked.Token;
        try
        {
            await Task.Yield();
            if (initialDelay > TimeSpan.Zero)
            {
                await Task.Delay(initialDelay, _time, token);
            }

            while (true)
            {
                var started = _time.GetTimestamp();
                await ProbeOnceAsync(monitor, token);
                var next = NextProbeDelay(monitor, _time.GetElapsedTime(started));
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next, _time, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>The delay before an endpoint's next probe, given how long the last one took. Internal for testing.</summary>
    /// <remarks>While a change is being confirmed: <c>FastInterval</c> after the last probe started. Otherwise the next
    /// of the endpoint's own slots, which recur every <c>Interval</c> at its phase: the endpoints' phases are spread
    /// evenly over the interval, so a thousand settled endpoints give a steady stream of probes rather than bursts. In
    /// steady state probes are exactly <c>Interval</c> apart; the one gap after a state settles is at most 1.1 × <c>Interval</c>.</remarks>
    internal TimeSpan NextProbeDelay(EndpointMonitor monitor, TimeSpan lastProbeTook)
    {
        bool confirming;
        lock (_gate)
        {
            confirming = monitor.State.IsConfirming;
        }

        if (confirming)
        {
            return _options.Probe.FastInterval - lastProbeTook;
        }

        // The next slot at least a tenth of an interval after the last probe started: timers may fire a few
        // milliseconds early, and the slot just probed must not be taken for the next one.
        var interval = _options.Probe.Interval.Ticks;
        var now = _time.GetElapsedTime(_epoch).Ticks;
        var earliest = now - lastProbeTook.Ticks + (interval / 10);
        var slot = (long)(monitor.Phase * interval);
        var next = earliest + ((((slot - earliest) % interval) + interval) % interval);
        return TimeSpan.FromTicks(next - now);
    }

    /// <summary>Phases from the golden-ratio sequence: evenly spread over [0, 1) for any number of endpoints.</summary>
    private double NextPhase()
    {
        const double GoldenRatioConjugate = 0.6180339887498949;
        _phaseSeed = (_phaseSeed + GoldenRatioConjugate) % 1.0;

        // Quantised to 1/PhaseSlots of the interval: probes that share a slot wake together, which costs far less
        // CPU than a separate timer wake-up per probe, and the load is still spread over the interval.
        return Math.Floor(_phaseSeed * PhaseSlots) / PhaseSlots;
    }

    /// <summary>Every current endpoint monitor. Internal for testing.</summary>
    internal IReadOnlyList<EndpointMonitor> Monitors
    {
        get
        {
            lock (_gate)
            {
                return [.. _endpoints.Values];
            }
        }
    }

    /// <summary>Probes every current endpoint once, concurrently. Used by <c>plan</c> and tests.</summary>
    public async Task ProbeAllOnceAsync(CancellationToken cancellationToken)
    {
        List<EndpointMonitor> monitors;
        lock (_gate)
        {
            monitors = [.. _endpoints.Values];
        }

        await Task.WhenAll(monitors.Select(m => ProbeOnceAsync(m, cancellationToken)));
    }

    private async Task ProbeOnceAsync(EndpointMonitor monitor, CancellationToken cancellationToken)
    {
        var result = await _probe.ProbeAsync(monitor.EndPoint, _options.Probe.Timeout, cancellationToken);
        RecordProbe(monitor, result);
    }

    /// <summary>Records a probe result, updates metrics and wakes the reconciler on a state change. Internal for testing.</summary>
    internal void RecordProbe(EndpointMonitor monitor, ProbeResult result)
    {
        var now = _time.GetUtcNow();
        var key = monitor.Key;
        var target = _options.Name;
        EndpointHealth? transition;
        int healthy;
        lock (_gate)
        {
            if (!_endpoints.TryGetValue(key, out var current) || !ReferenceEquals(current, monitor))
            {
                return; // The address left its source while the probe ran.
            }

            monitor.LastResult = result;
            monitor.LastProbeAt = now;
            transition = monitor.State.Record(result.IsSuccess, now);
            _metrics.Probes.WithLabels(target, key.Source, monitor.AddressText, result.Label).Inc();
            if (result.IsSuccess)
            {
                _metrics.ProbeDuration.WithLabels(target, key.Source, monitor.AddressText).Observe(result.Duration.TotalSeconds);
            }

            if (transition is not { } to)
            {
                return;
            }

            _metrics.EndpointUp.WithLabels(target, key.Source, monitor.AddressText).Set(to == EndpointHealth.Up ? 1 : 0);
            _metrics.EndpointTransitions.WithLabels(target, key.Source, to == EndpointHealth.Up ? "up" : "down").Inc();
            healthy = HealthyCount();
            _metrics.HealthyEndpoints.WithLabels(target).Set(healthy);
        }

        if (transition == EndpointHealth.Up)
        {
            Log.EndpointUp(_logger, target, key.Source, monitor.EndPoint, healthy);
        }
        else
        {
            Log.EndpointDown(_logger, target, key.Source, monitor.EndPoint, result.Label, result.Detail ?? "", healthy);
        }

        _reconcileSignal.Set();
    }

    private async Task ReconcileLoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        _nextResyncAt = _time.GetUtcNow();
        try
        {
            while (true)
            {
                var wait = failures == 0 ? _options.Probe.Interval : RetryDelay(failures);
                await _reconcileSignal.WaitAsync(wait, _time, cancellationToken);
                if (await ReconcileIfDueAsync(cancellationToken) is { } result)
                {
                    failures = result == ReconcileResult.Failed ? failures + 1 : 0;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One wake-up of the reconcile loop: a pass, unless a configuration error waits for the next resync.
    /// Returns <see langword="null"/> when no pass ran. Internal for testing.</summary>
    internal async Task<ReconcileResult?> ReconcileIfDueAsync(CancellationToken cancellationToken)
    {
        Heartbeat();

        // Only the user can fix a configuration error (key, permissions, TTL): try again at the next resync, not on
        // every wake-up. The loop keeps beating meanwhile, so /healthz never asks for a restart.
        if (ConfigurationErrorPending && _time.GetUtcNow() < _nextResyncAt)
        {
            return null;
        }

        return await ReconcileOnceAsync(cancellationToken);
    }

    private void Heartbeat()
    {
        lock (_gate)
        {
            _lastHeartbeat = _time.GetUtcNow();
        }
    }

    private bool ConfigurationErrorPending
    {
        get
        {
            lock (_gate)
            {
                return _configurationError;
            }
        }
    }

    /// <summary>Back-off after failed passes: FastInterval doubling up to one minute.</summary>
    internal TimeSpan RetryDelay(int failures)
    {
        var delay = _options.Probe.FastInterval * Math.Pow(2, Math.Min(failures - 1, 10));
        return delay > s_maxRetryDelay ? s_maxRetryDelay : delay;
    }

    /// <summary>One reconcile pass. Internal for testing.</summary>
    internal async Task<ReconcileResult> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        await _reconcileMutex.WaitAsync(cancellationToken);
        try
        {
            var result = await ReconcileCoreAsync(cancellationToken);
            Heartbeat();

            if (result != ReconcileResult.Skipped)
            {
                _metrics.Reconciles.WithLabels(_options.Name, result.ToString().ToLowerInvariant()).Inc();
            }

            Reconciled?.Invoke(this);
            return result;
        }
        finally
        {
            _reconcileMutex.Release();
        }
    }

    private async Task<ReconcileResult> ReconcileCoreAsync(CancellationToken cancellationToken)
    {
        if (!InitialProbeCompleted)
        {
            return ReconcileResult.Skipped;
        }

        var readNow = _actualStale || _actual is null || _time.GetUtcNow() >= _nextResyncAt;
        if (readNow && !await TryReadAsync(cancellationToken))
        {
            return ReconcileResult.Failed;
        }

        var plan = Plan();
        if (!plan.IsNoop && !readNow)
        {
            // Never write from a stale picture: re-read, then plan again.
            if (!await TryReadAsync(cancellationToken))
            {
                return ReconcileResult.Failed;
            }

            plan = Plan();
        }

        if (plan.IsNoop)
        {
            MarkSynced(plan);
            return ReconcileResult.Noop;
        }

        Log.Applying(_logger, _options.Name, plan.Changes.Count, string.Join("; ", plan.Changes));
        var started = _time.GetTimestamp();
        ApplyResult result;
        try
        {
            result = await _provider.ApplyAsync(_key, plan.Changes, cancellationToken);
        }
        catch (DnsProviderException ex)
        {
            result = new ApplyResult([], ex);
        }

        RecordApplied(plan, result.Applied);
        if (result.Error is { } error)
        {
            ProviderFailed("apply", error);
            return ReconcileResult.Failed;
        }

        Log.Applied(_logger, _options.Name, result.Applied.Count, _time.GetElapsedTime(started).TotalMilliseconds);
        MarkSynced(plan);
        return ReconcileResult.Changed;
    }

    private RecordSetPlan Plan()
    {
        lock (_gate)
        {
            return RecordSetPlanner.Plan(new PlanInput(SnapshotEndpoints(), _actual ?? [], _options.Ttl, _options.WhenAllDown, _options.RemoveMode));
        }
    }

    /// <summary>Plans from the current state after a fresh read of the provider; used by <c>plan</c>.</summary>
    public async Task<RecordSetPlan> PlanWithFreshReadAsync(CancellationToken cancellationToken)
    {
        var records = await _provider.ReadAsync(_key, cancellationToken);
        lock (_gate)
        {
            _actual = [.. records];
            _actualStale = false;
        }

        return Plan();
    }

    private List<EndpointSnapshot> SnapshotEndpoints() =>
        [.. _endpoints.Values.Select(e => new EndpointSnapshot(e.Key.Source, e.Key.Address, e.Key.Port, e.State.Health))];

    private async Task<bool> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var records = await _provider.ReadAsync(_key, cancellationToken);
            lock (_gate)
            {
                _actual = [.. records];
                _actualStale = false;
                _nextResyncAt = _time.GetUtcNow() + _options.ResyncInterval;
            }

            return true;
        }
        catch (DnsProviderException ex)
        {
            ProviderFailed("read", ex);
            return false;
        }
    }

    /// <summary>Updates the cached record set, metrics and status with what the provider confirmed.</summary>
    private void RecordApplied(RecordSetPlan plan, IReadOnlyList<RecordChange> applied)
    {
        if (applied.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var actual = _actual ?? [];
            foreach (var change in applied)
            {
                switch (change.Kind)
                {
                    case RecordChangeKind.Add:
                        actual.Add(new DnsRecord($"pending:{change.Address}", change.Address, change.Ttl));
                        break;
                    case RecordChangeKind.Update:
                        actual.Remove(change.Existing!);
                        actual.Add(change.Existing! with { Ttl = change.Ttl });
                        break;
                    case RecordChangeKind.Enable:
                        actual.Remove(change.Existing!);
                        actual.Add(change.Existing! with { Enabled = true });
                        break;
                    case RecordChangeKind.Disable:
                        actual.Remove(change.Existing!);
                        actual.Add(change.Existing! with { Enabled = false });
                        ObserveFailover(change.Address, now);
                        break;
                    default:
                        actual.Remove(change.Existing!);
                        ObserveFailover(change.Address, now);
                        break;
                }

                if (!_dryRun)
                {
                    _metrics.RecordChanges.WithLabels(_options.Name, change.Kind.ToString().ToLowerInvariant()).Inc();
                }
            }

            // Added records carry a pending id until the next read. No read is forced for that: the cache now holds
            // what the provider confirmed, so the next pass plans a no-op from it, and any pass that has something to
            // write re-reads first (which picks up the real ids). This saves one read per failover or recovery.
            _actual = actual;
            _lastChange = new ChangeStatus(now, [.. applied.Select(c => c.ToString())]);
        }
    }

    /// <summary>Observes the failover time of an address removed because its endpoints went Down.</summary>
    private void ObserveFailover(IPAddress address, DateTimeOffset now)
    {
        var down = _endpoints.Values.Where(e => e.Key.Address.Equals(address)).ToList();
        if (down.Count == 0 || down.Any(e => e.State.Health != EndpointHealth.Down))
        {
            return;
        }

        var since = down.Select(e => e.State.FailingSince).OfType<DateTimeOffset>().DefaultIfEmpty(now).Min();
        var seconds = (now - since).TotalSeconds;
        _metrics.FailoverDuration.WithLabels(_options.Name).Observe(seconds);
        Log.FailoverCompleted(_logger, _options.Name, address, seconds);
    }

    private void MarkSynced(RecordSetPlan plan)
    {
        var now = _time.GetUtcNow();
        bool recovered;
        lock (_gate)
        {
            recovered = _providerFailing;
            _providerFailing = false;
            _configurationError = false;
            _lastLoggedFailure = null;
            _lastPlan = plan;
            _lastSyncSuccessAt = now;
            _lastReconcile = new ReconcileStatus(now, plan.IsNoop ? "noop" : "changed", null, null, null);
            UpdatePublishedMetrics(plan);
        }

        _metrics.LastSyncSuccess.WithLabels(_options.Name).Set(now.ToUnixTimeMilliseconds() / 1000.0);
        if (recovered)
        {
            Log.ProviderRecovered(_logger, _options.Name, _provider.Name);
        }
    }

    private void UpdatePublishedMetrics(RecordSetPlan plan)
    {
        var published = PublishedAddresses();
        foreach (var endpoint in _endpoints.Values)
        {
            _metrics.EndpointPublished.WithLabels(_options.Name, endpoint.Key.Source, endpoint.AddressText).Set(published.Contains(endpoint.Key.Address) ? 1 : 0);
        }

        _metrics.PublishedRecords.WithLabels(_options.Name).Set(published.Count);
        _metrics.AllDown.WithLabels(_options.Name).Set(plan.Mode == PlanMode.AllDown ? 1 : 0);
        _metrics.HealthyEndpoints.WithLabels(_options.Name).Set(HealthyCount());
        _metrics.ConfiguredEndpoints.WithLabels(_options.Name).Set(_endpoints.Count);
    }

    /// <summary>The addresses the cached record set serves (disabled records do not count). Call under the lock.</summary>
    private HashSet<IPAddress> PublishedAddresses() => (_actual ?? []).Where(r => r.Enabled).Select(r => r.Address).ToHashSet();

    /// <summary>Endpoints currently Up. Call under the lock.</summary>
    private int HealthyCount() => _endpoints.Values.Count(e => e.State.Health == EndpointHealth.Up);

    private void ProviderFailed(string operation, DnsProviderException error)
    {
        var now = _time.GetUtcNow();
        bool log;
        lock (_gate)
        {
            _providerFailing = true;
            _configurationError = error.IsConfigurationError;
            _actualStale = true;
            if (error.IsConfigurationError)
            {
                _nextResyncAt = now + _options.ResyncInterval;
            }
            var signature = $"{operation}:{error.Code}:{error.Message}";
            log = signature != _lastLoggedFailure;
            _lastLoggedFailure = signature;
            _lastReconcile = new ReconcileStatus(now, "failed", error.Message, error.Code, error.Hint);
        }

        // Logged once per change of error, not on every retry.
        if (log)
        {
            if (error.IsConfigurationError)
            {
                Log.ProviderConfigurationError(_logger, _options.Name, _provider.Name, operation, error.Code, error.Message, error.Hint ?? "");
            }
            else
            {
                Log.ProviderFailed(_logger, _options.Name, _provider.Name, operation, error.Code, error.Message);
            }
        }
    }

    /// <summary>A snapshot for <c>/api/status</c>.</summary>
    public TargetStatus GetStatus()
    {
        lock (_gate)
        {
            var published = PublishedAddresses();
            var sources = _sources.Select(s => new SourceStatus(
                s.Options.Name,
                s.Options.Kind.ToString(),
                s.Options.Kind switch
                {
                    SourceKind.Hostname => s.Options.Hostname!,
                    SourceKind.Record => s.Options.Record!,
                    _ => string.Join(", ", s.Options.Addresses),
                },
                [.. s.Addresses.Select(a => a.ToString())],
                s.LastError,
                s.LastDiscoveryAt,
                [.. s.Addresses
                    .Select(a => _endpoints.GetValueOrDefault(new EndpointKey(s.Options.Name, a, s.Port)))
                    .OfType<EndpointMonitor>()
                    .Select(e => new EndpointStatus(
                        e.AddressText,
                        e.Key.Port,
                        e.State.Health.ToString(),
                        published.Contains(e.Key.Address),
                        e.LastResult?.Label,
                        e.LastResult?.Duration.TotalMilliseconds,
                        e.LastResult?.Detail,
                        e.LastProbeAt,
                        e.State.ConsecutiveSuccesses,
                        e.State.ConsecutiveFailures,
                        e.State.LastTransitionAt))])).ToList();
            return new TargetStatus(
                _options.Name,
                _options.Zone,
                _provider.Name,
                (_lastPlan?.Mode ?? PlanMode.Holding).ToString(),
                _lastPlan?.Mode == PlanMode.AllDown,
                _initialProbeCompleted,
                [.. published.Order(AddressComparer.Instance).Select(a => a.ToString())],
                [.. (_lastPlan?.Desired ?? []).Select(a => a.ToString())],
                _lastReconcile,
                _lastChange,
                _lastSyncSuccessAt,
                sources);
        }
    }

    public void Dispose() => _reconcileMutex.Dispose();
}
