// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Health;
using AliDdnsHa.Planning;
using AliDdnsHa.Probing;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Reconciliation;

/// <summary>Keeps one record set at the provider equal to the plan: a cached copy of the set, the plan from the
/// current health snapshot, and the writes (make-before-break, never from a stale picture).</summary>
/// <remarks>
/// Planning uses the cached set and touches the provider only when the plan is not empty (re-reading before it
/// writes) or every <c>ResyncInterval</c>, so a steady state costs one read per resync and no writes. The loop is
/// woken at once by <see cref="Wake"/> (any state change) and otherwise runs every <c>Interval</c>; failed passes back
/// off from <c>FastInterval</c> doubling up to a minute. When <see cref="PacedByProbeRounds"/> is set, the
/// every-<c>Interval</c> pass is asked for by the target's probe rounds (<see cref="RoundEnded"/>) instead of a timer
/// of its own, so it runs in the same wake-up as the probes (issue 14); a watchdog every
/// <see cref="WatchdogPeriod"/> covers a target without endpoints, whose rounds never come.
/// </remarks>
internal sealed partial class RecordSetReconciler : IDisposable
{
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly TargetOptions _options;
    private readonly IDnsProvider _provider;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _dryRun;
    private readonly RecordSetKey _key;
    private readonly Func<HealthSnapshot> _health;
    private readonly Func<bool> _ready;
    private readonly Lock _gate = new();
    private readonly AsyncSignal _wake = new();
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private readonly EventJournal? _events;

    private readonly CachedRecordSet _cache = new();
    private readonly ProviderHealth _providerHealth = new();
    private RecordSetPlan? _lastPlan;
    private ReconcileResult? _lastResult;
    private ChangeStatus? _lastChange;
    private long _lastPassAt;
    private int _changed;

    /// <summary>A reconciler for one target. <paramref name="health"/> gives the current verdicts (called for every
    /// plan); <paramref name="ready"/> is false until the first probe round is complete, and passes before that are skipped.</summary>
    public RecordSetReconciler(
        TargetOptions options, IDnsProvider provider, ControllerMetrics metrics, TimeProvider timeProvider, ILogger logger, bool dryRun, Func<HealthSnapshot> health, Func<bool> ready, EventJournal? events = null)
    {
        _events = events;
        _options = options;
        _provider = provider;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _dryRun = dryRun;
        _health = health;
        _ready = ready;
        _key = new RecordSetKey(options.Name, options.Zone, options.RecordType);
    }

    /// <summary>True when the target's probe rounds call <see cref="RoundEnded"/>: the loop then has no timer of its own
    /// while nothing fails, only the watchdog.</summary>
    public bool PacedByProbeRounds { get; init; }

    /// <summary>How often the watchdog of a loop paced by probe rounds looks for a pass that is overdue: twice the
    /// interval, at least 30 s. Well inside the liveness budget (three intervals, at least three minutes).</summary>
    public TimeSpan WatchdogPeriod => TimeSpan.FromTicks(Math.Max(_options.Probe.Interval.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>Raised after every pass, skipped or not.</summary>
    public event Action? Passed;

    public bool HasSynced
    {
        get
        {
            lock (_gate)
            {
                return _providerHealth.LastSuccessAt is not null;
            }
        }
    }

    public bool ProviderFailing
    {
        get
        {
            lock (_gate)
            {
                return _providerHealth.Failing;
            }
        }
    }

    /// <summary>True while a configuration error waits for the next resync.</summary>
    private bool WaitingForResync(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _providerHealth.ConfigurationError && now < _cache.NextResyncAt;
        }
    }

    /// <summary>Asks for a pass as soon as possible: something the plan depends on changed.</summary>
    public void Wake()
    {
        Volatile.Write(ref _changed, 1);
        _wake.Set();
    }

    /// <summary>A probe round of the target ended: asks for the every-<c>Interval</c> pass if it is due. A round ending
    /// a tenth of an interval early counts, so the pass keeps the phase of the rounds instead of drifting past them.
    /// Called for every round, so it only reads the clock; of the rounds that end together (a probe group's), one
    /// claims the pass, so a burst of rounds asks for one pass, not one per round that ends before the loop runs.</summary>
    /// <returns>Whether it asked for a pass.</returns>
    public bool RoundEnded() => TryAskForPass(_options.Probe.Interval * 0.9);

    /// <summary>How long the loop waits for a wake-up after a pass: the back-off after failures; otherwise the interval,
    /// or, paced by probe rounds, no timer at all.</summary>
    internal TimeSpan NextWait(int failures) =>
        failures != 0 ? RetryDelay(failures) : PacedByProbeRounds ? Timeout.InfiniteTimeSpan : _options.Probe.Interval;

    /// <summary>The watchdog's tick: asks for a pass when none ran for an interval.</summary>
    /// <returns>Whether it asked for a pass.</returns>
    internal bool OnWatchdog() => TryAskForPass(_options.Probe.Interval);

    /// <summary>Asks for a pass when none ran for <paramref name="after"/>, claiming it first (a compare-and-swap on the
    /// last pass time), so of the callers that find it due at once, rounds or the watchdog, only one asks.</summary>
    private bool TryAskForPass(TimeSpan after)
    {
        var last = Volatile.Read(ref _lastPassAt);
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(last, now) < after || Interlocked.CompareExchange(ref _lastPassAt, now, last) != last)
        {
            return false;
        }

        _wake.Set();
        return true;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        lock (_gate)
        {
            _cache.NextResyncAt = _time.GetUtcNow();
        }

        Volatile.Write(ref _lastPassAt, _time.GetTimestamp());
        using var watchdog = PacedByProbeRounds
            ? _time.CreateTimer(static state => ((RecordSetReconciler)state!).OnWatchdog(), this, WatchdogPeriod, WatchdogPeriod)
            : null;
        try
        {
            while (true)
            {
                await _wake.WaitAsync(NextWait(failures), _time, cancellationToken);
                Volatile.Write(ref _lastPassAt, _time.GetTimestamp());
                var changed = Interlocked.Exchange(ref _changed, 0) != 0;
                if (!changed && failures == 0 && TryRepeatNoop())
                {
                    continue;
                }

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

    /// <summary>A pass that no change asked for (the timer or a probe round, not <see cref="Wake"/>) after a no-op pass, with no provider
    /// read due: its plan would be the last one again, because every input of a plan (a verdict, a discovered address,
    /// a vantage's condition) wakes the loop when it changes. It is counted and timed as the no-op pass it is, without
    /// planning: at 100 targets of 100 endpoints, planning every target every second was a quarter of the controller's
    /// allocations (issue 14).</summary>
    internal bool TryRepeatNoop()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_lastResult != ReconcileResult.Noop || _cache.NeedsRead(now) || _providerHealth.Failing)
            {
                return false;
            }

            _providerHealth.Succeeded(now, changed: false);
        }

        _metrics.LastSyncSuccess.WithLabels(_options.Id).Set(now.ToUnixTimeMilliseconds() / 1000.0);
        _metrics.Reconciles.WithLabels(_options.Id, "noop").Inc();
        Passed?.Invoke();
        return true;
    }

    /// <summary>One wake-up of the loop: a pass, unless a configuration error waits for the next resync.
    /// Returns <see langword="null"/> when no pass ran.</summary>
    public async Task<ReconcileResult?> ReconcileIfDueAsync(CancellationToken cancellationToken)
    {
        // Only the user can fix a configuration error (key, permissions, TTL): try again at the next resync, not on
        // every wake-up. The loop keeps beating meanwhile, so /healthz never asks for a restart.
        if (WaitingForResync(_time.GetUtcNow()))
        {
            Passed?.Invoke();
            return null;
        }

        return await ReconcileOnceAsync(cancellationToken);
    }

    /// <summary>Back-off after failed passes: FastInterval doubling up to one minute.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var delay = _options.Probe.FastInterval * Math.Pow(2, Math.Min(failures - 1, 10));
        return delay > s_maxRetryDelay ? s_maxRetryDelay : delay;
    }

    public async Task<ReconcileResult> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        await _mutex.WaitAsync(cancellationToken);
        try
        {
            var result = _ready() ? await ReconcileCoreAsync(cancellationToken) : ReconcileResult.Skipped;
            lock (_gate)
            {
                _lastResult = result;
            }

            if (result != ReconcileResult.Skipped)
            {
                _metrics.Reconciles.WithLabels(_options.Id, result.ToString().ToLowerInvariant()).Inc();
            }

            Passed?.Invoke();
            return result;
        }
        finally
        {
            _mutex.Release();
        }
    }

    private async Task<ReconcileResult> ReconcileCoreAsync(CancellationToken cancellationToken)
    {
        bool readNow;
        lock (_gate)
        {
            readNow = _cache.NeedsRead(_time.GetUtcNow());
        }

        if (readNow && !await TryReadAsync(cancellationToken))
        {
            return ReconcileResult.Failed;
        }

        var (plan, health) = Plan();
        if (!plan.IsNoop && !readNow)
        {
            // Never write from a stale picture: re-read, then plan again.
            if (!await TryReadAsync(cancellationToken))
            {
                return ReconcileResult.Failed;
            }

            (plan, health) = Plan();
        }

        if (plan.IsNoop)
        {
            MarkSynced(plan, health);
            return ReconcileResult.Noop;
        }

        Log.Applying(_logger, _options.Id, plan.Changes.Count, string.Join("; ", plan.Changes));
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

        RecordApplied(result.Applied, health);
        if (result.Error is { } error)
        {
            ProviderFailed("apply", error);
            return ReconcileResult.Failed;
        }

        Log.Applied(_logger, _options.Id, result.Applied.Count, _time.GetElapsedTime(started).TotalMilliseconds);
        MarkSynced(plan, health);
        if (_events is not null)
        {
            var published = Published.Count;
            var total = health.Endpoints.Select(e => e.Address).Distinct().Count();
            _events.Publish(
                ControllerEventKinds.RecordsChanged,
                _options.Id,
                $"{_options.Name} {_options.RecordType} now publishes {published} of {total} address(es){(_dryRun ? " (dry run: nothing was written)" : "")}: {string.Join("; ", result.Applied)}",
                healthy: published,
                total: total,
                changes: [.. result.Applied.Select(c => c.ToString())]);
        }
        return ReconcileResult.Changed;
    }

    private (RecordSetPlan Plan, HealthSnapshot Health) Plan()
    {
        var health = _health();
        lock (_gate)
        {
            return (RecordSetPlanner.Plan(new PlanInput(health.Endpoints, _cache.Records, _options.Ttl, _options.WhenAllDown, _options.RemoveMode, health.Frozen)), health);
        }
    }

    /// <summary>Plans from the current state after a fresh read of the provider; used by <c>plan</c>.</summary>
    public async Task<RecordSetPlan> PlanWithFreshReadAsync(CancellationToken cancellationToken)
    {
        var records = await _provider.ReadAsync(_key, cancellationToken);
        lock (_gate)
        {
            _cache.Replace(records);
        }

        return Plan().Plan;
    }

    private async Task<bool> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var records = await _provider.ReadAsync(_key, cancellationToken);
            lock (_gate)
            {
                _cache.Replace(records);
                _cache.NextResyncAt = _time.GetUtcNow() + _options.ResyncInterval;
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
    private void RecordApplied(IReadOnlyList<RecordChange> applied, HealthSnapshot health)
    {
        if (applied.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var address in _cache.Apply(applied))
            {
                ObserveFailover(address, health, now);
            }

            if (!_dryRun)
            {
                foreach (var change in applied)
                {
                    _metrics.RecordChanges.WithLabels(_options.Id, change.Kind.ToString().ToLowerInvariant()).Inc();
                }
            }

            _lastChange = new ChangeStatus(now, [.. applied.Select(c => c.ToString())]);
        }
    }

    /// <summary>Observes the failover time of an address removed because its endpoints went Down.</summary>
    private void ObserveFailover(IPAddress address, HealthSnapshot health, DateTimeOffset now)
    {
        var down = health.Endpoints.Where(e => e.Address.Equals(address)).ToList();
        if (down.Count == 0 || down.Any(e => e.Health != EndpointHealth.Down))
        {
            return;
        }

        var since = down.Select(e => e.DownSince).OfType<DateTimeOffset>().DefaultIfEmpty(now).Min();
        var seconds = (now - since).TotalSeconds;
        _metrics.FailoverDuration.WithLabels(_options.Id).Observe(seconds);
        Log.FailoverCompleted(_logger, _options.Id, address, seconds);
    }

    private void MarkSynced(RecordSetPlan plan, HealthSnapshot health)
    {
        var now = _time.GetUtcNow();
        bool recovered;
        PlanMode? previousMode;
        lock (_gate)
        {
            recovered = _providerHealth.Succeeded(now, changed: !plan.IsNoop);
            previousMode = _lastPlan?.Mode;
            _lastPlan = plan;
            UpdatePublishedMetrics(plan, health);
        }

        _metrics.LastSyncSuccess.WithLabels(_options.Id).Set(now.ToUnixTimeMilliseconds() / 1000.0);
        if (recovered)
        {
            Log.ProviderRecovered(_logger, _options.Id, _provider.Name);
            _events?.Publish(ControllerEventKinds.ProviderRecovered, _options.Id, $"provider {_provider.Name} answers again for {_options.Name}: changes are written again");
        }

        if (plan.Mode == PlanMode.Frozen && previousMode != PlanMode.Frozen)
        {
            Log.Frozen(_logger, _options.Id, plan.Desired.Count);
            _events?.Publish(
                ControllerEventKinds.Frozen,
                _options.Id,
                $"{_options.Name} is frozen: no vantage can see, so its {plan.Desired.Count} published address(es) stay exactly as they are",
                healthy: plan.Desired.Count);
        }
        else if (previousMode == PlanMode.Frozen && plan.Mode != PlanMode.Frozen)
        {
            Log.Thawed(_logger, _options.Id);
            _events?.Publish(ControllerEventKinds.Thawed, _options.Id, $"{_options.Name}: a vantage can see again; the record set follows the verdicts again");
        }
    }

    /// <summary>Call under the lock.</summary>
    private void UpdatePublishedMetrics(RecordSetPlan plan, HealthSnapshot health)
    {
        var published = PublishedAddresses();
        foreach (var endpoint in health.Endpoints)
        {
            _metrics.EndpointPublished.WithLabels(_options.Id, endpoint.Source, endpoint.Address.ToString()).Set(published.Contains(endpoint.Address) ? 1 : 0);
        }

        _metrics.PublishedRecords.WithLabels(_options.Id).Set(published.Count);
        _metrics.AllDown.WithLabels(_options.Id).Set(plan.Mode == PlanMode.AllDown ? 1 : 0);
    }

    /// <summary>The addresses the cached record set serves (disabled records do not count). Call under the lock.</summary>
    private HashSet<IPAddress> PublishedAddresses() => _cache.Published();

    /// <summary>The addresses the provider serves, as last read or written.</summary>
    public IReadOnlySet<IPAddress> Published
    {
        get
        {
            lock (_gate)
            {
                return PublishedAddresses();
            }
        }
    }

    private void ProviderFailed(string operation, DnsProviderException error)
    {
        var now = _time.GetUtcNow();
        bool log;
        lock (_gate)
        {
            log = _providerHealth.Failed(operation, error, now);
            _cache.MarkStale();
            if (error.IsConfigurationError)
            {
                _cache.NextResyncAt = now + _options.ResyncInterval;
            }
        }

        // Logged once per change of error, not on every retry.
        if (log)
        {
            if (error.IsConfigurationError)
            {
                Log.ProviderConfigurationError(_logger, _options.Id, _provider.Name, operation, error.Code, error.Message, error.Hint ?? "");
            }
            else
            {
                Log.ProviderFailed(_logger, _options.Id, _provider.Name, operation, error.Code, error.Message);
            }

            _events?.Publish(
                ControllerEventKinds.ProviderError,
                _options.Id,
                $"provider {_provider.Name} {operation} failed for {_options.Name}: {error.Code}: {error.Message}; the record set is left as it stands{(error.IsConfigurationError ? " until the configuration is fixed" : " and the change is retried")}",
                detail: error.Code);
        }
    }

    public ReconcilerState GetState()
    {
        lock (_gate)
        {
            return new ReconcilerState(
                [.. PublishedAddresses().Order(AddressComparer.Instance).Select(a => a.ToString())],
                [.. (_lastPlan?.Desired ?? []).Select(a => a.ToString())],
                _lastPlan?.Mode ?? PlanMode.Holding,
                _providerHealth.LastReconcile,
                _lastChange,
                _providerHealth.LastSuccessAt);
        }
    }

    public void Dispose() => _mutex.Dispose();
}
