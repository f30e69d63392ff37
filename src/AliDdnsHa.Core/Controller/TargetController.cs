// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Discovery;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Health;
using AliDdnsHa.Planning;
using AliDdnsHa.Probing;
using AliDdnsHa.Reconciliation;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Controller;

/// <summary>Owns one target record set by wiring its parts along the data flow: discovery finds the endpoints,
/// <see cref="EndpointProber"/> asks the target's vantages about them, <see cref="TargetHealth"/> turns the answers
/// into verdicts, and <see cref="RecordSetReconciler"/> makes the provider's record set follow.</summary>
/// <remarks>
/// Three kinds of loop run per target: one discovery loop (every <c>DiscoveryInterval</c>), one probe loop per endpoint
/// (every <c>Interval</c>, or <c>FastInterval</c> while a change is being confirmed) and one reconcile loop, woken at
/// once by any change of a verdict, of a vantage's condition or of a source's addresses.
/// </remarks>
public sealed partial class TargetController : IDisposable
{
    private readonly TargetOptions _options;
    private readonly IDnsProvider _provider;
    private readonly SourceTracker _sources;
    private readonly SourceDiscovery _discovery;
    private readonly TargetHealth _health;
    private readonly ProbeSchedule _schedule;
    private readonly EndpointProber _prober;
    private readonly ReconcileLoop _reconciler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly AsyncSignal _addressChanged = new();
    private readonly bool _watchesInterfaces;
    private readonly EventJournal? _events;

    private DateTimeOffset? _lastHeartbeat;
    private bool _initialProbeCompleted;
    private CancellationToken _probeStopping;
    private bool _probeLoopsEnabled;

    /// <summary>A target judged by one implicit local vantage (the behaviour without a <c>Vantages</c> section).</summary>
    public TargetController(
        TargetOptions options,
        IDnsProvider provider,
        SourceDiscovery discovery,
        TcpProbe probe,
        ControllerMetrics metrics,
        TimeProvider timeProvider,
        ILogger logger,
        bool dryRun)
        : this(options, provider, discovery, [ImplicitLocal(options, probe, metrics, timeProvider, logger)], metrics, timeProvider, logger, dryRun)
    {
    }

    public TargetController(
        TargetOptions options,
        IDnsProvider provider,
        SourceDiscovery discovery,
        IReadOnlyList<VantageMonitor> vantages,
        ControllerMetrics metrics,
        TimeProvider timeProvider,
        ILogger logger,
        bool dryRun,
        EventJournal? events = null,
        TargetController? predecessor = null,
        int ordinal = 0,
        IReadOnlyDictionary<string, IReadOnlyList<VantageMonitor>>? lineVantages = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(vantages);
        _options = options;
        _provider = provider;
        _time = timeProvider;
        _logger = logger;
        _events = events;
        metrics.InitializeTarget(options.Id, options.RemoveMode == RemoveMode.Disable, options.Lines.Select(l => l.Code));
        metrics.DescribeLines(options.Id, options.Lines, options.WhenLineDown);
        _discovery = discovery;
        _sources = new SourceTracker(options, provider, discovery, metrics, timeProvider, logger);
        _health = new TargetHealth(options, vantages, metrics, lineVantages) { Seeds = predecessor?._health.Monitors.ToDictionary(m => m.Key) };
        _schedule = new ProbeSchedule(options.Probe, timeProvider, ordinal);
        _prober = new EndpointProber(options, _health, _schedule, timeProvider, OnTransition, (m, ex) => Log.ProbeFaulted(logger, ex, options.Id, m.Key.Source, m.EndPoint), () => _reconciler!.RoundEnded());
        RecordSetReconciler[] recordSets =
        [
            new(options, null, provider, metrics, timeProvider, logger, dryRun, events),
            .. options.Lines.Select(line => new RecordSetReconciler(options, line, provider, metrics, timeProvider, logger, dryRun, events)),
        ];
        _reconciler = new ReconcileLoop(options.Probe, recordSets, timeProvider, _health.Snapshot, () => InitialProbeCompleted) { PacedByProbeRounds = true };
        _reconciler.Passed += OnReconciled;
        foreach (var vantage in _health.AllVantages)
        {
            vantage.ConditionChanged += OnVantageConditionChanged;
        }

        _watchesInterfaces = options.Sources.Exists(s => s.Kind == SourceKind.Interface);
        if (_watchesInterfaces)
        {
            System.Net.NetworkInformation.NetworkChange.NetworkAddressChanged += OnNetworkAddressChanged;
        }
    }

    public TargetOptions Options => _options;

    public IDnsProvider Provider => _provider;

    /// <summary>True once every endpoint discovered at start-up has been probed by every vantage at least once; stays true.</summary>
    /// <remarks>Addresses discovered later start Unknown, which the planner already treats safely, so they do not
    /// hold back reconciling (a moved source's old address must be withdrawn at once).</remarks>
    public bool InitialProbeCompleted
    {
        get
        {
            lock (_gate)
            {
                return _initialProbeCompleted |= _sources.AllLookedUp && _health.AllProbed;
            }
        }
    }

    /// <summary>True once the provider has been read successfully.</summary>
    public bool HasSynced => _reconciler.HasSynced;

    /// <summary>True while the last provider call failed (the record set is left as it stands).</summary>
    public bool ProviderFailing => _reconciler.ProviderFailing;

    /// <summary>The lines (解析线路) whose record set the provider refuses to change for good, with the refusal.</summary>
    public IReadOnlyList<(string Line, BlockedStatus Blocked)> Blocked =>
        [.. _reconciler.RecordSets.Select(r => (r.Line, r.Blocked)).Where(b => b.Blocked is not null).Select(b => (b.Line, b.Blocked!))];

    /// <summary>Addresses that should leave a line's set but stay because their record is locked, by line.</summary>
    public IReadOnlyList<(string Line, string Address)> CannotWithdraw =>
        [.. _reconciler.RecordSets.SelectMany(r => (r.GetState().CannotWithdraw ?? []).Select(a => (r.Line, a)))];

    /// <summary>True while no vantage of this target can see (nothing is added or removed).</summary>
    public bool Frozen => _health.Frozen;

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

    /// <summary>Every current endpoint monitor. Internal for testing.</summary>
    internal IReadOnlyList<EndpointMonitor> Monitors => _health.Monitors;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _probeStopping = cancellationToken;
        lock (_gate)
        {
            _probeLoopsEnabled = true;
        }

        using var ipv6 = _watchesInterfaces && _options.RecordType == DnsRecordType.AAAA && Ipv6AddressWatcher.IsSupported
            ? _discovery.WatchIpv6Addresses(RediscoverNow)
            : null;
        await DiscoverOnceAsync(cancellationToken);
        var discovery = DiscoveryLoopAsync(cancellationToken);
        var reconcile = _reconciler.RunAsync(cancellationToken);
        try
        {
            await Task.WhenAll(discovery, reconcile);
        }
        finally
        {
            lock (_gate)
            {
                _probeLoopsEnabled = false;
            }

            await _prober.StopAsync();
        }
    }

    /// <summary>Looks up every source once, concurrently, and updates the endpoints.</summary>
    public async Task DiscoverOnceAsync(CancellationToken cancellationToken)
    {
        var changes = await _sources.DiscoverOnceAsync(cancellationToken);
        foreach (var key in changes.Removed)
        {
            _health.Remove(key)?.Leave();
        }

        foreach (var key in changes.Added)
        {
            double phase;
            bool start;
            lock (_gate)
            {
                phase = _schedule.NextPhase();
                start = _probeLoopsEnabled;
            }

            var monitor = _health.Add(key, phase);
            if (start)
            {
                _prober.Start(monitor, _probeStopping);
            }
        }

        Heartbeat();
        if (changes.Changed)
        {
            _reconciler.Wake();
        }
    }

    private async Task DiscoveryLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _addressChanged.WaitAsync(_options.DiscoveryInterval, _time, cancellationToken);
                await DiscoverOnceAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The delay before an endpoint's next probe, given how long the last one took. Internal for testing.</summary>
    internal TimeSpan NextProbeDelay(EndpointMonitor monitor, TimeSpan lastProbeTook) => _prober.NextProbeDelay(monitor, lastProbeTook);

    /// <summary>Probes every current endpoint once from every vantage, concurrently. Used by <c>plan</c> and tests.</summary>
    public async Task ProbeAllOnceAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_health.Monitors.Select(m => _prober.ProbeOnceAsync(m, cancellationToken).AsTask()));

    /// <summary>One wake-up of the reconcile loop. Internal for testing.</summary>
    internal Task<ReconcileResult?> ReconcileIfDueAsync(CancellationToken cancellationToken) => _reconciler.ReconcileIfDueAsync(cancellationToken);

    /// <summary>A timer pass after a no-op one, counted without planning when nothing is due. Internal for testing.</summary>
    internal bool TryRepeatNoop() => _reconciler.TryRepeatNoop();

    /// <summary>Back-off after failed passes. Internal for testing.</summary>
    internal TimeSpan RetryDelay(int failures) => _reconciler.RetryDelay(failures);

    /// <summary>One reconcile pass. Internal for testing.</summary>
    internal Task<ReconcileResult> ReconcileOnceAsync(CancellationToken cancellationToken) => _reconciler.ReconcileOnceAsync(cancellationToken);

    /// <summary>Plans every line's record set from the current state after a fresh read of the provider (the default
    /// line first); used by <c>plan</c>.</summary>
    public Task<IReadOnlyList<(string Line, RecordSetPlan Plan)>> PlanWithFreshReadAsync(CancellationToken cancellationToken) => _reconciler.PlanWithFreshReadAsync(cancellationToken);

    private void OnTransition(EndpointTransition transition)
    {
        var monitor = transition.Monitor;
        var total = _health.Count;
        if (transition.Line is { } line)
        {
            OnLineTransition(transition, line);
            return;
        }

        var wasPublished = _events is not null && _reconciler.Default.Published.Contains(monitor.Key.Address);
        if (transition.To == EndpointHealth.Up)
        {
            Log.EndpointUp(_logger, _options.Id, monitor.Key.Source, monitor.EndPoint, transition.Healthy, transition.Votes);
            _events?.Publish(
                ControllerEventKinds.EndpointUp,
                _options.Id,
                $"{monitor.Key.Source} {monitor.AddressText} is up: {(wasPublished ? "it stays in" : "it is added to")} {_options.Name}; {transition.Healthy} of {total} lines healthy",
                monitor.Key.Source,
                monitor.AddressText,
                null,
                transition.Healthy,
                total,
                wasPublished: wasPublished);
        }
        else if (transition.To == EndpointHealth.Down)
        {
            var last = monitor.Views.Select(v => v.LastResult).FirstOrDefault(r => r is { IsSuccess: false });
            Log.EndpointDown(_logger, _options.Id, monitor.Key.Source, monitor.EndPoint, last?.Label ?? "", last?.Detail ?? "", transition.Healthy, transition.Votes);
            var meaning = transition.Healthy > 0
                ? $"{(wasPublished ? "it is removed from" : "it stays out of")} {_options.Name}; {transition.Healthy} of {total} lines healthy"
                : $"no line of {_options.Name} is healthy (WhenAllDown: {_options.WhenAllDown})";
            _events?.Publish(
                ControllerEventKinds.EndpointDown,
                _options.Id,
                $"{monitor.Key.Source} {monitor.AddressText} is down ({last?.Label ?? "no answer"}): {meaning}",
                monitor.Key.Source,
                monitor.AddressText,
                last?.Label,
                transition.Healthy,
                total,
                wasPublished: wasPublished);
        }

        _reconciler.Wake();
    }

    /// <summary>A line's own vantages changed their verdict of one of its sources: told with the line's name, and the
    /// line's record set planned again.</summary>
    private void OnLineTransition(EndpointTransition transition, string line)
    {
        var monitor = transition.Monitor;
        Log.EndpointLineVerdict(_logger, _options.Id, line, monitor.Key.Source, monitor.EndPoint, transition.To.ToString(), transition.Votes);
        if (transition.To != EndpointHealth.Unknown)
        {
            var up = transition.To == EndpointHealth.Up;
            _events?.Publish(
                up ? ControllerEventKinds.EndpointUp : ControllerEventKinds.EndpointDown,
                _options.Id,
                $"{monitor.Key.Source} {monitor.AddressText} is {(up ? "up" : "down")} for {line} users, as that line's vantages see it ({transition.Votes})",
                monitor.Key.Source,
                monitor.AddressText,
                up ? null : monitor.Views.Select(v => v.LastResult).FirstOrDefault(r => r is { IsSuccess: false })?.Label,
                transition.Healthy,
                _health.Count,
                line: line);
        }

        _reconciler.Wake();
    }

    private void OnVantageConditionChanged(VantageMonitor vantage)
    {
        foreach (var transition in _health.Reevaluate(_time.GetUtcNow()))
        {
            OnTransition(transition);
        }

        _reconciler.Wake();
    }

    private void OnReconciled()
    {
        Heartbeat();
        Reconciled?.Invoke(this);
    }

    private void Heartbeat()
    {
        lock (_gate)
        {
            _lastHeartbeat = _time.GetUtcNow();
        }
    }

    private static VantageMonitor ImplicitLocal(TargetOptions options, TcpProbe probe, ControllerMetrics metrics, TimeProvider timeProvider, ILogger logger) =>
        new(
            VantageOptions.ImplicitLocal(),
            new LocalVantage(VantageOptions.ImplicitLocalName, probe),
            options.Probe,
            metrics,
            timeProvider,
            logger);

    /// <summary>Re-reads the sources at once instead of at the next <c>DiscoveryInterval</c> (an interface's address
    /// changed: .NET's notification for IPv4, <see cref="Ipv6AddressWatcher"/> for IPv6 on Linux).</summary>
    internal void RediscoverNow() => _addressChanged.Set();

    private void OnNetworkAddressChanged(object? sender, EventArgs e) => RediscoverNow();

    public void Dispose()
    {
        if (_watchesInterfaces)
        {
            System.Net.NetworkInformation.NetworkChange.NetworkAddressChanged -= OnNetworkAddressChanged;
        }

        foreach (var vantage in _health.AllVantages)
        {
            vantage.ConditionChanged -= OnVantageConditionChanged;
        }

        _reconciler.Dispose();
        _prober.Dispose();
    }
}
