// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Notifications;
using Prometheus;

namespace AliDdnsHa.Hosting;

/// <summary>Reloads the configuration file on <c>SIGHUP</c> or <c>POST /-/reload</c>, the way Prometheus does: the
/// new file gets the checks of <c>check-config</c> first, and only a valid one is applied; targets that did not change
/// keep running untouched.</summary>
internal sealed partial class ConfigurationReloader : IDisposable
{
    private readonly FailoverController _controller;
    private readonly DnsProviderRegistry _providers;
    private readonly NotificationDispatcher _notifications;
    private readonly EventJournal _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Gauge _successful;
    private readonly Gauge _successTimestamp;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private LoadedConfiguration _running;

    public ConfigurationReloader(
        LoadedConfiguration running,
        FailoverController controller,
        DnsProviderRegistry providers,
        NotificationDispatcher notifications,
        EventJournal events,
        IMetricFactory metrics,
        TimeProvider timeProvider,
        ILogger<ConfigurationReloader> logger)
    {
        _running = running;
        _controller = controller;
        _providers = providers;
        _notifications = notifications;
        _events = events;
        _time = timeProvider;
        _logger = logger;
        _successful = metrics.CreateGauge("aliddnsha_config_last_reload_successful", "1 if the last configuration load (start-up or reload) succeeded, 0 if it was rejected.");
        _successTimestamp = metrics.CreateGauge("aliddnsha_config_last_reload_success_timestamp_seconds", "Unix time of the last successful configuration load (start-up or reload).");
        _successful.Set(1);
        _successTimestamp.Set(timeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>The configuration in force.</summary>
    public LoadedConfiguration Running => Volatile.Read(ref _running);

    /// <summary>Loads the file again and applies it if it passes every check; otherwise keeps the running one.</summary>
    public async Task<ReloadOutcome> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var outcome = await TryReloadAsync(cancellationToken);
            if (outcome.Success)
            {
                _successful.Set(1);
                _successTimestamp.Set(_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
                Log.Reloaded(_logger, trigger, Running.Source, outcome.Summary);
                _events.Publish(ControllerEventKinds.ConfigReloaded, null, $"configuration reloaded ({trigger}): {outcome.Summary}", detail: outcome.Summary);
            }
            else
            {
                _successful.Set(0);
                foreach (var problem in outcome.Problems)
                {
                    Log.Problem(_logger, problem);
                }

                Log.Rejected(_logger, trigger, outcome.Problems.Count);
                _events.Publish(
                    ControllerEventKinds.ConfigReloadFailed,
                    null,
                    $"configuration reload ({trigger}) rejected, the running configuration is kept: {string.Join("; ", outcome.Problems)}",
                    detail: string.Join("; ", outcome.Problems));
            }

            return outcome;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private async Task<ReloadOutcome> TryReloadAsync(CancellationToken cancellationToken)
    {
        var running = Running;
        var (path, forceDryRun, overrides) = running.Origin;
        var next = ConfigurationFile.Load(path, forceDryRun, overrides);
        if (!next.IsValid)
        {
            return new ReloadOutcome(false, "", [.. next.Errors.Select(e => e.ToString())]);
        }

        var diff = ConfigurationDiff.Between(running, next);
        if (diff.RestartRequired.Count > 0)
        {
            return new ReloadOutcome(false, "", [.. diff.RestartRequired.Select(s => $"{s}: changed; this section is applied only at start-up, so restart to apply it")]);
        }

        // check-config's provider checks, for what is new or changed (the rest was checked when it was loaded).
        if (diff.AddedTargets.Count + diff.ChangedTargets.Count > 0)
        {
            var findings = await Preflight.RunAsync(next.Options, cancellationToken, t => diff.AddedTargets.Contains(t.Id) || diff.ChangedTargets.Contains(t.Id));
            if (findings.Any(f => f.IsError))
            {
                return new ReloadOutcome(false, "", [.. findings.Where(f => f.IsError).Select(f => f.ToString())]);
            }
        }

        foreach (var section in diff.RestartRecommended)
        {
            Log.NeedsRestart(_logger, section);
        }

        _providers.Update(next.Options, diff.ChangedProviders);
        await _controller.ApplyAsync(next.Options.Targets, diff.ChangedTargets);
        if (diff.NotificationsChanged)
        {
            await _notifications.ReconfigureAsync(next.Options.Notifications);
        }

        Volatile.Write(ref _running, next);
        var summary = diff.Describe(next.Options.Targets.Count) + (diff.RestartRecommended.Count > 0 ? $"; at the next start: {string.Join(", ", diff.RestartRecommended)}" : "");
        return new ReloadOutcome(true, summary, []);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Web + 20, LogLevel.Information, "Configuration reloaded ({Trigger}) from {Source}: {Summary}", EventName = "ConfigReloaded")]
        public static partial void Reloaded(ILogger logger, string trigger, string source, string summary);

        [LoggerMessage(LogEvents.Web + 21, LogLevel.Error, "Configuration reload ({Trigger}) rejected with {Count} problem(s) listed above; the running configuration is kept", EventName = "ConfigReloadRejected")]
        public static partial void Rejected(ILogger logger, string trigger, int count);

        [LoggerMessage(LogEvents.Web + 22, LogLevel.Error, "  {Problem}", EventName = "ConfigReloadProblem")]
        public static partial void Problem(ILogger logger, string problem);

        [LoggerMessage(LogEvents.Web + 23, LogLevel.Warning, "Configuration reload: {Section} changed; it takes effect at the next start", EventName = "ConfigReloadNeedsRestart")]
        public static partial void NeedsRestart(ILogger logger, string section);
    }
}
