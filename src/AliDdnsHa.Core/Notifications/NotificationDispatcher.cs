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
    private readonly IReadOnlyList<NotificationSink> _sinks;

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
        var counter = metrics.CreateCounter(
            "aliddnsha_notifications_total",
            "Notification messages per sink, by result (sent; failed after every retry; retried: an attempt that failed; dropped: events lost to a full queue).",
            ["sink", "result"]);
        var logger = loggerFactory.CreateLogger<NotificationDispatcher>();
        _sinks = [.. options.Notifications.Select(n => new NotificationSink(n, _http, delivery, counter, timeProvider, logger))];
        if (_sinks.Count > 0)
        {
            // Subscribed at once, so the events of start-up are queued before the delivery loops run.
            _journal.Published += Offer;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(_sinks.Select(s => s.RunAsync(stoppingToken)));
    }

    public override void Dispose()
    {
        _journal.Published -= Offer;
        _http.Dispose();
        base.Dispose();
    }

    private void Offer(ControllerEvent e)
    {
        foreach (var sink in _sinks)
        {
            sink.Offer(e);
        }
    }
}
