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

/// <summary>Keeps one record set — one (name, type, line) — at the provider equal to its plan: a cached copy of the
/// set, the plan from the pass's health snapshot, and the writes (make-before-break, never from a stale picture).
/// When it runs is <see cref="ReconcileLoop"/>'s business.</summary>
/// <remarks>
/// Planning uses the cached set and touches the provider only when the plan is not empty (re-reading before it
/// writes) or every <c>ResyncInterval</c>, so a steady state costs one read per resync and no writes.
/// </remarks>
internal sealed partial class RecordSetReconciler
{
    private readonly TargetOptions _options;
    private readonly LineOptions? _line;
    private readonly IDnsProvider _provider;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _dryRun;
    private readonly EventJournal? _events;
    private readonly string _label;
    private readonly Lock _gate = new();

    private readonly CachedRecordSet _cache = new();
    private readonly ProviderHealth _providerHealth = new();
    private readonly RecordSetBlock _block = new();
    private RecordSetPlan? _lastPlan;
    private ReconcileResult? _lastResult;
    private ChangeStatus? _lastChange;
    private bool _cnameLookedFor;

    /// <summary>The record set of <paramref name="options"/> on <paramref name="line"/>, or on the default line when
    /// <paramref name="line"/> is <see langword="null"/>.</summary>
    public RecordSetReconciler(
        TargetOptions options, LineOptions? line, IDnsProvider provider, ControllerMetrics metrics, TimeProvider timeProvider, ILogger logger, bool dryRun, EventJournal? events = null)
    {
        _options = options;
        _line = line;
        _provider = provider;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _dryRun = dryRun;
        _events = events;
        Line = line?.Code ?? DnsLine.Default;
        Key = new RecordSetKey(options.Name, options.Zone, options.RecordType, Line);
        _label = line is null ? options.Id : $"{options.Id} line {Line}";
    }

    public RecordSetKey Key { get; }

    /// <summary>The line code (<c>default</c> for the target's own record set).</summary>
    public string Line { get; }

    /// <summary>The managed line's options; <see langword="null"/> for the default line.</summary>
    public LineOptions? LineOptions => _line;

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

    /// <summary>The set this record set should hold after its last plan (the published set before the first one): what
    /// the default line lends a managed line that has no healthy source of its own.</summary>
    public IReadOnlyList<IPAddress> Desired
    {
        get
        {
            lock (_gate)
            {
                return _lastPlan?.Desired ?? [.. PublishedAddresses().Order(AddressComparer.Instance)];
            }
        }
    }

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

    /// <summary>Makes the next pass read the provider (the loop starts).</summary>
    public void ResyncNow()
    {
        lock (_gate)
        {
            _cache.NextResyncAt = _time.GetUtcNow();
        }
    }

    /// <summary>True while a refused read waits for the next resync: nothing can be planned before it.</summary>
    public bool WaitingForResync(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _block.OnRead && now < _block.Until;
        }
    }

    /// <summary>The refusal that blocks this record set, if any.</summary>
    public BlockedStatus? Blocked
    {
        get
        {
            lock (_gate)
            {
                return _block.Current;
            }
        }
    }

    /// <summary>True when a pass would plan a no-op again from an unchanged picture: the last pass was a no-op, no read
    /// is due and the provider is not failing.</summary>
    public bool CanRepeatNoop(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _lastResult == ReconcileResult.Noop && !_cache.NeedsRead(now) && !_providerHealth.Failing;
        }
    }

    /// <summary>Counts a pass that <see cref="CanRepeatNoop"/> allowed as the no-op it is.</summary>
    public void RepeatNoop(DateTimeOffset now)
    {
        lock (_gate)
        {
            _providerHealth.Succeeded(now, changed: false);
        }

        MarkSyncedMetrics(now);
        _metrics.Reconciles.WithLabels(_options.Id, Line, "noop").Inc();
    }

    /// <summary>A pass skipped before the first probe round: the next one must plan.</summary>
    public void Skipped()
    {
        lock (_gate)
        {
            _lastResult = ReconcileResult.Skipped;
        }
    }

    /// <summary>One pass of this record set. <paramref name="fallback"/> is the default line's desired set (for a
    /// managed line; <see langword="null"/> for the default line itself).</summary>
    public async Task<ReconcileResult> ReconcileAsync(HealthSnapshot health, IReadOnlyList<IPAddress>? fallback, CancellationToken cancellationToken)
    {
        var result = await ReconcileCoreAsync(health, fallback, cancellationToken);
        lock (_gate)
        {
            _lastResult = result;
        }

        _metrics.Reconciles.WithLabels(_options.Id, Line, result.ToString().ToLowerInvariant()).Inc();
        return result;
    }

    private async Task<ReconcileResult> ReconcileCoreAsync(HealthSnapshot health, IReadOnlyList<IPAddress>? fallback, CancellationToken cancellationToken)
    {
        bool readNow;
        lock (_gate)
        {
            readNow = _cache.NeedsRead(_time.GetUtcNow());
        }

        if (readNow && await TryReadAsync(health, fallback, cancellationToken) is { } refused)
        {
            return refused;
        }

        var plan = Plan(health, fallback);
        if (!plan.IsNoop && IsBlocked(plan))
        {
            return ReconcileResult.Blocked; // refused for good before: not sent again, and not read again, until resync
        }

        if (!plan.IsNoop && !readNow)
        {
            // Never write from a stale picture: re-read, then plan again.
            if (await TryReadAsync(health, fallback, cancellationToken) is { } failed)
            {
                return failed;
            }

            plan = Plan(health, fallback);
        }

        if (plan.IsNoop)
        {
            MarkSynced(plan, health);
            return ReconcileResult.Noop;
        }

        if (_options.AdoptCname && !_cnameLookedFor && plan.Changes.Any(c => c.Kind == RecordChangeKind.Add))
        {
            // The first write of a target that may adopt a CNAME: look for one first, rather than learn of it from a
            // refused add. Looked for once; a CNAME that appears later is found by the refusal.
            var adopted = await TryAdoptCnameAsync(plan, health, cancellationToken);
            _cnameLookedFor = adopted is not ReconcileResult.Noop; // Noop: a CNAME waits for the set to be known
            if (adopted is not null)
            {
                return adopted.Value;
            }
        }

        Log.Applying(_logger, _label, plan.Changes.Count, string.Join("; ", plan.Changes));
        var started = _time.GetTimestamp();
        ApplyResult result;
        try
        {
            result = await _provider.ApplyAsync(Key, plan.Changes, cancellationToken);
        }
        catch (DnsProviderException ex)
        {
            result = new ApplyResult([], ex);
        }

        RecordApplied(result.Applied, health);
        if (result.Error is { } error)
        {
            if (error.IsConflict && await TryAdoptCnameAsync(plan, health, cancellationToken) is { } adopted)
            {
                return adopted;
            }

            await ProviderFailedAsync("apply", error, plan.Desired, cancellationToken);
            return error.IsPermanent ? ReconcileResult.Blocked : ReconcileResult.Failed;
        }

        Log.Applied(_logger, _label, result.Applied.Count, _time.GetElapsedTime(started).TotalMilliseconds);
        var previousMode = MarkSynced(plan, health);
        PublishChanged(plan, health, result.Applied, previousMode);
        return ReconcileResult.Changed;
    }

    /// <summary>The endpoints this record set plans from: every endpoint for the default line, the line's own otherwise.</summary>
    private (IReadOnlyList<EndpointSnapshot> Endpoints, bool Frozen) View(HealthSnapshot health) =>
        _line is null ? (health.Endpoints, health.Frozen)
        : health.ForLine(Line) is { } line ? (line.Endpoints, line.Frozen)
        : ([], health.Frozen);

    private RecordSetPlan Plan(HealthSnapshot health, IReadOnlyList<IPAddress>? fallback)
    {
        var (endpoints, frozen) = View(health);
        lock (_gate)
        {
            return RecordSetPlanner.Plan(new PlanInput(
                endpoints,
                _cache.Records,
                _options.Ttl,
                _options.WhenAllDown,
                _options.RemoveMode,
                frozen,
                _line is null ? null : fallback ?? [],
                _options.WhenLineDown));
        }
    }

    /// <summary>Plans from the current state after a fresh read of the provider; used by <c>plan</c>.</summary>
    public async Task<RecordSetPlan> PlanWithFreshReadAsync(HealthSnapshot health, IReadOnlyList<IPAddress>? fallback, CancellationToken cancellationToken)
    {
        var records = await _provider.ReadAsync(Key, cancellationToken);
        lock (_gate)
        {
            _cache.Replace(records);
        }

        return Plan(health, fallback);
    }

    /// <summary>Reads the record set into the cache; returns <see langword="null"/> on success, else the pass's result.</summary>
    private async Task<ReconcileResult?> TryReadAsync(HealthSnapshot health, IReadOnlyList<IPAddress>? fallback, CancellationToken cancellationToken)
    {
        try
        {
            var records = await _provider.ReadAsync(Key, cancellationToken);
            lock (_gate)
            {
                _cache.Replace(records);
                _cache.NextResyncAt = _time.GetUtcNow() + _options.ResyncInterval;
            }

            return null;
        }
        catch (DnsProviderException ex)
        {
            if (ex.IsConflict)
            {
                // A CNAME holds the name (RFC 2136 reads tell it): the set as planned from nothing decides what replaces it.
                lock (_gate)
                {
                    _cache.Replace([]);
                }

                if (await TryAdoptCnameAsync(Plan(health, fallback), health, cancellationToken) is { } adopted)
                {
                    return adopted;
                }
            }

            await ProviderFailedAsync("read", ex, null, cancellationToken);
            return ex.IsPermanent ? ReconcileResult.Blocked : ReconcileResult.Failed;
        }
    }

    /// <summary>True while <paramref name="plan"/>'s change was refused for good and waits for the next resync.</summary>
    private bool IsBlocked(RecordSetPlan plan)
    {
        lock (_gate)
        {
            return _block.Holds(plan.Desired, _time.GetUtcNow());
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
        var (endpoints, _) = View(health);
        lock (_gate)
        {
            foreach (var address in _cache.Apply(applied))
            {
                ObserveFailover(address, endpoints, now);
            }

            if (!_dryRun)
            {
                foreach (var change in applied)
                {
                    _metrics.RecordChanges.WithLabels(_options.Id, Line, change.Kind.ToString().ToLowerInvariant()).Inc();
                }
            }

            _lastChange = new ChangeStatus(now, [.. applied.Select(c => c.ToString())]);
        }
    }

    /// <summary>Observes the failover time of an address removed because its endpoints went Down.</summary>
    private void ObserveFailover(IPAddress address, IReadOnlyList<EndpointSnapshot> endpoints, DateTimeOffset now)
    {
        var down = endpoints.Where(e => e.Address.Equals(address)).ToList();
        if (down.Count == 0 || down.Any(e => e.Health != EndpointHealth.Down))
        {
            return;
        }

        var since = down.Select(e => e.DownSince).OfType<DateTimeOffset>().DefaultIfEmpty(now).Min();
        var seconds = (now - since).TotalSeconds;
        _metrics.FailoverDuration.WithLabels(_options.Id, Line).Observe(seconds);
        Log.FailoverCompleted(_logger, _label, address, seconds);
    }

    /// <summary>Records a successful pass; returns the mode of the plan before this one.</summary>
    private PlanMode? MarkSynced(RecordSetPlan plan, HealthSnapshot health)
    {
        var now = _time.GetUtcNow();
        bool recovered;
        PlanMode? previousMode;
        BlockedStatus? lifted;
        lock (_gate)
        {
            recovered = _providerHealth.Succeeded(now, changed: !plan.IsNoop);
            lifted = _block.Clear();
            previousMode = _lastPlan?.Mode;
            _lastPlan = plan;
            UpdatePublishedMetrics(plan, health);
        }

        MarkSyncedMetrics(now);
        if (lifted is not null)
        {
            Unblock(lifted);
        }

        if (recovered)
        {
            Log.ProviderRecovered(_logger, _label, _provider.Name);
            _events?.Publish(ControllerEventKinds.ProviderRecovered, _options.Id, $"provider {_provider.Name} answers again for {Describe()}: changes are written again", line: _line?.Code);
        }

        if (_line is null)
        {
            PublishFreezeChange(plan, previousMode);
        }

        return previousMode;
    }

    private void MarkSyncedMetrics(DateTimeOffset now) =>
        _metrics.LastSyncSuccess.WithLabels(_options.Id, Line).Set(now.ToUnixTimeMilliseconds() / 1000.0);

    /// <summary>Frozen and thawed are the target's, told once by its default line.</summary>
    private void PublishFreezeChange(RecordSetPlan plan, PlanMode? previousMode)
    {
        if (plan.Mode == PlanMode.Frozen && previousMode != PlanMode.Frozen)
        {
            Log.Frozen(_logger, _options.Id, plan.Desired.Count);
            _events?.Publish(
                ControllerEventKinds.Frozen,
                _options.Id,
                $"{_options.Name} is frozen: no vantage can see, so its {plan.Desired.Count} published address(es) stay exactly as they are{(_options.Lines.Count > 0 ? " on every line" : "")}",
                healthy: plan.Desired.Count);
        }
        else if (previousMode == PlanMode.Frozen && plan.Mode != PlanMode.Frozen)
        {
            Log.Thawed(_logger, _options.Id);
            _events?.Publish(ControllerEventKinds.Thawed, _options.Id, $"{_options.Name}: a vantage can see again; the record set follows the verdicts again");
        }
    }

    /// <summary>Tells what a confirmed change means for users: the set published, and for a line whether its users get
    /// their own sources or the default line's set.</summary>
    private void PublishChanged(RecordSetPlan plan, HealthSnapshot health, IReadOnlyList<RecordChange> applied, PlanMode? previousMode)
    {
        var (endpoints, _) = View(health);
        var published = Published.Count;
        var total = endpoints.Select(e => e.Address).Distinct().Count();
        var changes = string.Join("; ", applied);
        var dryRun = _dryRun ? " (dry run: nothing was written)" : "";
        if (_line is null)
        {
            var all = health.Endpoints.Select(e => e.Address).Distinct().Count();
            _events?.Publish(
                ControllerEventKinds.RecordsChanged,
                _options.Id,
                $"{_options.Name} {_options.RecordType} now publishes {published} of {all} address(es){dryRun}: {changes}",
                healthy: published,
                total: all,
                changes: [.. applied.Select(c => c.ToString())]);
            return;
        }

        var down = string.Join(", ", endpoints.Where(e => e.Health == EndpointHealth.Down).Select(e => e.Source).Distinct().Order(StringComparer.Ordinal));
        var verb = down.Contains(',', StringComparison.Ordinal) ? "are" : "is";
        var message = plan.Mode switch
        {
            PlanMode.Fallback => $"{Line} users now get {published} address(es) of the default line: {down} {verb} down{dryRun} ({changes})",
            PlanMode.Withdrawn => $"{Line} records withdrawn: {down} {verb} down, so {Line} users get the default line's answer{dryRun} ({changes})",
            _ when previousMode is PlanMode.Fallback or PlanMode.Withdrawn =>
                $"{Line} users get their own line again: {published} address(es) of {string.Join(", ", _line.Sources)}{dryRun} ({changes})",
            _ => $"{_options.Name} {_options.RecordType} line {Line} now publishes {published} of {total} address(es){dryRun}: {changes}",
        };
        if (plan.Mode != previousMode && plan.Mode is PlanMode.Fallback or PlanMode.Withdrawn)
        {
            Log.LineFallback(_logger, _options.Id, Line, plan.Mode.ToString(), down);
        }

        _events?.Publish(
            ControllerEventKinds.RecordsChanged,
            _options.Id,
            message,
            detail: plan.Mode.ToString().ToLowerInvariant(),
            healthy: published,
            total: total,
            changes: [.. applied.Select(c => c.ToString())],
            line: Line);
    }

    /// <summary>Call under the lock.</summary>
    private void UpdatePublishedMetrics(RecordSetPlan plan, HealthSnapshot health)
    {
        var published = PublishedAddresses();
        foreach (var endpoint in health.Endpoints)
        {
            _metrics.EndpointPublished.WithLabels(_options.Id, Line, endpoint.Source, endpoint.Address.ToString()).Set(published.Contains(endpoint.Address) ? 1 : 0);
        }

        _metrics.PublishedRecords.WithLabels(_options.Id, Line).Set(published.Count);
        _metrics.LockedPinned.WithLabels(_options.Id, Line).Set(plan.LockedOut.Count);
        if (_line is null)
        {
            _metrics.AllDown.WithLabels(_options.Id).Set(plan.Mode == PlanMode.AllDown ? 1 : 0);
        }
        else
        {
            _metrics.LineFallback.WithLabels(_options.Id, Line).Set(plan.Mode == PlanMode.Fallback ? 1 : 0);
        }
    }

    /// <summary>The addresses the cached record set serves (disabled records do not count). Call under the lock.</summary>
    private HashSet<IPAddress> PublishedAddresses() => _cache.Published();

    private async Task ProviderFailedAsync(string operation, DnsProviderException error, IReadOnlyList<IPAddress>? desired, CancellationToken cancellationToken)
    {
        if (error.IsPermanent)
        {
            await BlockAsync(operation, error, desired, cancellationToken);
            return;
        }

        var now = _time.GetUtcNow();
        bool log;
        lock (_gate)
        {
            log = _providerHealth.Failed(operation, error, now);
            _cache.MarkStale();
        }

        // Logged once per change of error, not on every retry.
        if (log)
        {
            Log.ProviderFailed(_logger, _label, _provider.Name, operation, error.Code, error.Message);
            _events?.Publish(
                ControllerEventKinds.ProviderError,
                _options.Id,
                $"provider {_provider.Name} {operation} failed for {Describe()}: {error.Code}: {error.Message}; the record set is left as it stands and the change is retried",
                detail: error.Code,
                line: _line?.Code);
        }
    }

    /// <summary>The record set in words: the name, and the line when it is not the default one.</summary>
    private string Describe() => _line is null ? _options.Name : $"{_options.Name} line {Line}";

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
                _providerHealth.LastSuccessAt,
                _block.Current,
                [.. _cache.Records.Where(r => r.Locked).Select(r => r.Address).Distinct().Order(AddressComparer.Instance).Select(a => a.ToString())],
                [.. (_lastPlan?.LockedOut ?? []).Select(a => a.ToString())]);
        }
    }
}
