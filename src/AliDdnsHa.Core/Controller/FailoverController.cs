// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Discovery;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Controller;

/// <summary>The hosted service: one <see cref="TargetController"/> per configured target and one canary loop per
/// vantage, all running concurrently. A configuration reload adds, removes and rebuilds targets while it runs
/// (<see cref="ApplyAsync"/>).</summary>
public sealed partial class FailoverController : BackgroundService
{
    private readonly AliDdnsHaOptions _options;
    private readonly DnsProviderRegistry _providers;
    private readonly SourceDiscovery _discovery;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<FailoverController> _logger;
    private readonly ILogger<TargetController> _targetLogger;
    private readonly Lock _gate = new();
    private readonly List<RunningTarget> _running;
    private CancellationToken _stopping;
    private bool _started;

    public FailoverController(
        AliDdnsHaOptions options,
        DnsProviderRegistry providers,
        SourceDiscovery discovery,
        VantageRegistry vantages,
        ControllerMetrics metrics,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        EventJournal? events = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(vantages);
        _options = options;
        _providers = providers;
        _discovery = discovery;
        _metrics = metrics;
        Vantages = vantages;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<FailoverController>();
        _targetLogger = loggerFactory.CreateLogger<TargetController>();
        Events = events ?? new EventJournal(timeProvider);
        _running = [.. options.Targets.Select((t, i) => new RunningTarget(Create(t, i, options.DryRun, null)))];
    }

    public VantageRegistry Vantages { get; }

    /// <summary>The recent events of every target.</summary>
    public EventJournal Events { get; }

    /// <summary>The targets running now, in configured order.</summary>
    public IReadOnlyList<TargetController> Targets
    {
        get
        {
            lock (_gate)
            {
                return [.. _running.Select(r => r.Controller)];
            }
        }
    }

    /// <summary>The document served at <c>/api/status</c>.</summary>
    public ControllerStatus GetStatus() =>
        new(ControllerMetrics.Version, _options.DryRun, _time.GetUtcNow(), Vantages.GetStatus(), [.. Targets.Select(t => t.GetStatus())]);

    /// <summary>Brings the running targets in line with <paramref name="targets"/> (a reloaded configuration whose
    /// providers are already in the registry): a target whose id is gone is stopped and its records left as they are;
    /// a new one starts as at start-up; one whose id is in <paramref name="changed"/> is stopped and rebuilt, taking
    /// over what the old one knew of each endpoint that is still there (no new probation, so no writes); the rest keep
    /// running untouched.</summary>
    public async Task ApplyAsync(IReadOnlyList<TargetOptions> targets, IReadOnlySet<string> changed)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(changed);
        List<RunningTarget> before;
        lock (_gate)
        {
            before = [.. _running];
        }

        var byId = before.ToDictionary(r => r.Controller.Options.Id, StringComparer.Ordinal);
        var wanted = targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var stopping = before.Where(r => !wanted.Contains(r.Controller.Options.Id) || changed.Contains(r.Controller.Options.Id)).ToList();
        await Task.WhenAll(stopping.Select(r => r.StopAsync()));

        var next = new List<RunningTarget>();
        foreach (var (ordinal, target) in targets.Index())
        {
            if (byId.TryGetValue(target.Id, out var current) && !changed.Contains(target.Id))
            {
                next.Add(current);
                continue;
            }

            next.Add(new RunningTarget(Create(target, ordinal, _options.DryRun, current?.Controller)));
        }

        foreach (var gone in stopping.Where(r => !wanted.Contains(r.Controller.Options.Id)))
        {
            _metrics.RemoveTarget(gone.Controller.Options.Id);
            Log.TargetRemoved(_logger, gone.Controller.Options.Id);
        }

        foreach (var old in stopping)
        {
            old.Controller.Dispose();
        }

        lock (_gate)
        {
            _running.Clear();
            _running.AddRange(next);
            if (_started)
            {
                foreach (var running in next.Where(r => r.Task is null))
                {
                    running.Start(_stopping);
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<RunningTarget> initial;
        lock (_gate)
        {
            _stopping = stoppingToken;
            _started = true;
            foreach (var running in _running)
            {
                running.Start(stoppingToken);
            }

            initial = [.. _running];
        }

        Log.Started(_logger, ControllerMetrics.Version, initial.Count, initial.Sum(t => t.Controller.Options.Sources.Count), _options.DryRun);
        try
        {
            // The vantages' canary loops may end at once (no canaries); the targets run until the host stops.
            await Task.WhenAll(Vantages.RunAsync(stoppingToken), Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        List<RunningTarget> last;
        lock (_gate)
        {
            last = [.. _running];
        }

        await Task.WhenAll(last.Select(r => r.StopAsync()));
        Log.Stopped(_logger);
    }

    public override void Dispose()
    {
        foreach (var target in Targets)
        {
            target.Dispose();
        }

        base.Dispose();
    }

    /// <summary>A target's controller; <paramref name="ordinal"/>, its place in the configuration, spreads the
    /// targets' probe phases.</summary>
    private TargetController Create(TargetOptions target, int ordinal, bool dryRun, TargetController? predecessor) =>
        new(
            target,
            _providers.Get(target.Provider),
            _discovery,
            [.. _options.VantagesOf(target).Select(Vantages.Get)],
            _metrics,
            _time,
            _targetLogger,
            dryRun,
            Events,
            predecessor,
            ordinal,
            target.Lines.Where(l => l.HasOwnVantages).ToDictionary(l => l.Code, l => (IReadOnlyList<VantageMonitor>)[.. l.Vantages.Select(Vantages.Get)], StringComparer.Ordinal));

    /// <summary>A target and its run: its own cancellation, so one target can stop while the others go on.</summary>
    private sealed class RunningTarget(TargetController controller)
    {
        private CancellationTokenSource? _cancel;

        public TargetController Controller { get; } = controller;

        public Task? Task { get; private set; }

        public void Start(CancellationToken stopping)
        {
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Task = RunAsync(_cancel.Token);
        }

        public async Task StopAsync()
        {
            if (_cancel is null || Task is null)
            {
                return;
            }

            await _cancel.CancelAsync();
            await Task;
            _cancel.Dispose();
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Controller.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Hosting + 1, LogLevel.Information, "AliDdnsHa {Version} started: {Targets} target(s), {Sources} source(s), dry run {DryRun}", EventName = "ControllerStarted")]
        public static partial void Started(ILogger logger, string version, int targets, int sources, bool dryRun);

        [LoggerMessage(LogEvents.Hosting + 2, LogLevel.Information, "AliDdnsHa stopped", EventName = "ControllerStopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(LogEvents.Hosting + 3, LogLevel.Information, "{Target}: removed from the configuration; stopped, its records are left as they are", EventName = "TargetRemoved")]
        public static partial void TargetRemoved(ILogger logger, string target);
    }
}
