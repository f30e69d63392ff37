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
/// vantage, all running concurrently.</summary>
public sealed partial class FailoverController : BackgroundService
{
    private readonly AliDdnsHaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FailoverController> _logger;

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
        Vantages = vantages;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<FailoverController>();
        var targetLogger = loggerFactory.CreateLogger<TargetController>();
        Targets = [.. options.Targets.Select(t => new TargetController(
            t, providers.Get(t.Provider), discovery, [.. options.VantagesOf(t).Select(vantages.Get)], metrics, timeProvider, targetLogger, options.DryRun, events))];
        Events = events ?? new EventJournal(timeProvider);
    }

    public VantageRegistry Vantages { get; }

    /// <summary>The recent events of every target.</summary>
    public EventJournal Events { get; }

    public IReadOnlyList<TargetController> Targets { get; }

    /// <summary>The document served at <c>/api/status</c>.</summary>
    public ControllerStatus GetStatus() =>
        new(ControllerMetrics.Version, _options.DryRun, _time.GetUtcNow(), Vantages.GetStatus(), [.. Targets.Select(t => t.GetStatus())]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(_logger, ControllerMetrics.Version, Targets.Count, Targets.Sum(t => t.Options.Sources.Count), _options.DryRun);
        try
        {
            await Task.WhenAll([Vantages.RunAsync(stoppingToken), .. Targets.Select(t => t.RunAsync(stoppingToken))]);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

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

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Hosting + 1, LogLevel.Information, "AliDdnsHa {Version} started: {Targets} target(s), {Sources} source(s), dry run {DryRun}", EventName = "ControllerStarted")]
        public static partial void Started(ILogger logger, string version, int targets, int sources, bool dryRun);

        [LoggerMessage(LogEvents.Hosting + 2, LogLevel.Information, "AliDdnsHa stopped", EventName = "ControllerStopped")]
        public static partial void Stopped(ILogger logger);
    }
}
