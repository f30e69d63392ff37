// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace AliDdnsHa.Notifications;

/// <summary>The hosted service that hands every event of the <see cref="EventJournal"/> to the configured sinks and runs
/// each sink's delivery loop.</summary>
public sealed class NotificationDispatcher : BackgroundService
{
    private readonly EventJournal _journal;
    private readonly HttpClient _http;
    private readonly NotificationDelivery _delivery;
    private readonly Counter _counter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<NotificationSink> _sinks;
    private readonly List<(CancellationTokenSource Cancel, Task Loop)> _loops = [];
    private CancellationToken _stopping;
    private bool _started;

    public NotificationDispatcher(AliDdnsHaOptions options, EventJournal journal, IMetricFactory metrics, TimeProvider timeProvider, ILoggerFactory loggerFactory)
        : this(options, journal, metrics, timeProvider, loggerFactory, NotificationDelivery.Default)
    {
    }

    public NotificationDispatcher(AliDdnsHaOptions options, EventJournal journal, IMetricFactory metrics, TimeProvider timeProvider, ILoggerFactory loggerFactory, NotificationDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(delivery);
        _journal = journal;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = delivery.AttemptTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own timeout on the injected clock
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"AliDdnsHa/{ControllerMetrics.Version}");
        _delivery = delivery;
        _time = timeProvider;
        _counter = metrics.CreateCounter(
            "aliddnsha_notifications_total",
            "Notification messages per sink, by result (sent; failed after every retry; retried: an attempt that failed; dropped: events lost to a full queue).",
            ["sink", "result"]);
        _logger = loggerFactory.CreateLogger<NotificationDispatcher>();
        _sinks = Create(options.Notifications);

        // Subscribed at once, so the events of start-up are queued before the delivery loops run.
        _journal.Published += Offer;
    }

    /// <summary>Replaces every sink (a configuration reload changed the <c>Notifications</c> section). Events still
    /// queued for the old sinks are dropped.</summary>
    public async Task ReconfigureAsync(IReadOnlyList<NotificationOptions> sinks)
    {
        List<(CancellationTokenSource Cancel, Task Loop)> old;
        lock (_gate)
        {
            _sinks = Create(sinks);
            old = [.. _loops];
            _loops.Clear();
            if (_started)
            {
                StartLoops();
            }
        }

        foreach (var (cancel, loop) in old)
        {
            await cancel.CancelAsync();
            await loop;
            cancel.Dispose();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _stopping = stoppingToken;
            _started = true;
            StartLoops();
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        List<(CancellationTokenSource Cancel, Task Loop)> loops;
        lock (_gate)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops.Select(l => l.Loop));
    }

    /// <summary>Call under the lock.</summary>
    private void StartLoops()
    {
        foreach (var sink in _sinks)
        {
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            _loops.Add((cancel, sink.RunAsync(cancel.Token)));
        }
    }

    private List<NotificationSink> Create(IReadOnlyList<NotificationOptions> sinks) =>
        [.. sinks.Select(n => new NotificationSink(n, _http, _delivery, _counter, _time, _logger))];

    public override void Dispose()
    {
        _journal.Published -= Offer;
        _http.Dispose();
        base.Dispose();
    }

    private void Offer(ControllerEvent e)
    {
        IReadOnlyList<NotificationSink> sinks;
        lock (_gate)
        {
            sinks = _sinks;
        }

        foreach (var sink in sinks)
        {
            sink.Offer(e);
        }
    }
}
