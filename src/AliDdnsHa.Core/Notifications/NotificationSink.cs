// Licensed under the MIT license.

using System.Threading.Channels;
using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace AliDdnsHa.Notifications;

/// <summary>One sink's delivery: a bounded queue the event journal writes into without waiting, and a loop that
/// gathers events for <see cref="NotificationOptions.BatchWindow"/>, keeps to <see cref="NotificationOptions.MaxPerMinute"/>
/// (events that arrive meanwhile join the next message), and retries with back-off.</summary>
/// <remarks>A slow or failing sink only delays its own messages: nothing here runs on a probe or reconcile thread
/// except <see cref="Offer"/>, which never blocks.</remarks>
internal sealed partial class NotificationSink
{
    private readonly NotificationOptions _options;
    private readonly HttpClient _http;
    private readonly NotificationDelivery _delivery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<ControllerEvent> _queue;
    private readonly Counter.Child _sent;
    private readonly Counter.Child _failed;
    private readonly Counter.Child _dropped;
    private readonly Counter.Child _retried;
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private int _droppedSinceLastMessage;

    public NotificationSink(NotificationOptions options, HttpClient http, NotificationDelivery delivery, Counter counter, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _http = http;
        _delivery = delivery;
        _time = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<ControllerEvent>(new BoundedChannelOptions(delivery.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _sent = counter.WithLabels(options.Name, "sent");
        _failed = counter.WithLabels(options.Name, "failed");
        _dropped = counter.WithLabels(options.Name, "dropped");
        _retried = counter.WithLabels(options.Name, "retried");
    }

    /// <summary>Queues an event this sink subscribes to; never blocks. A full queue drops it and counts it.</summary>
    public void Offer(ControllerEvent e)
    {
        if (!_options.Events.Contains(e.Kind, StringComparer.Ordinal))
        {
            return;
        }

        if (!_queue.Writer.TryWrite(e))
        {
            Interlocked.Increment(ref _droppedSinceLastMessage);
            _dropped.Inc();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var batch = new List<ControllerEvent> { await _queue.Reader.ReadAsync(cancellationToken) };
                if (_options.BatchWindow > TimeSpan.Zero)
                {
                    await Task.Delay(_options.BatchWindow, _time, cancellationToken);
                }

                Drain(batch);
                var wait = RateLimitWait();
                if (wait > TimeSpan.Zero)
                {
                    Log.RateLimited(_logger, _options.Name, wait.TotalSeconds);
                    await Task.Delay(wait, _time, cancellationToken);
                    Drain(batch);
                }

                var message = NotificationComposer.Compose(batch, _options.Chinese, Interlocked.Exchange(ref _droppedSinceLastMessage, 0));
                await SendAsync(message, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Drain(List<ControllerEvent> batch)
    {
        while (_queue.Reader.TryRead(out var more))
        {
            batch.Add(more);
        }
    }

    /// <summary>How long until one more message fits in <see cref="NotificationOptions.MaxPerMinute"/> (a sliding minute).</summary>
    private TimeSpan RateLimitWait()
    {
        var now = _time.GetUtcNow();
        while (_recentSends.Count > 0 && now - _recentSends.Peek() >= TimeSpan.FromMinutes(1))
        {
            _recentSends.Dequeue();
        }

        return _recentSends.Count < _options.MaxPerMinute ? TimeSpan.Zero : _recentSends.Peek() + TimeSpan.FromMinutes(1) - now;
    }

    private async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        _recentSends.Enqueue(_time.GetUtcNow());
        string? problem = null;
        for (var attempt = 0; ; attempt++)
        {
            problem = await AttemptAsync(message, cancellationToken);
            if (problem is null)
            {
                _sent.Inc();
                Log.Sent(_logger, _options.Name, message.Events.Count, attempt + 1);
                return;
            }

            if (attempt >= _delivery.RetryDelays.Count)
            {
                break;
            }

            _retried.Inc();
            await Task.Delay(_delivery.RetryDelays[attempt], _time, cancellationToken);
        }

        _failed.Inc();
        Log.Failed(_logger, _options.Name, _options.SafeUrl, _delivery.RetryDelays.Count + 1, problem);
    }

    private async Task<string?> AttemptAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_delivery.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = RobotPayload.Build(_options, message, _time.GetUtcNow());
            using var response = await _http.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return RobotPayload.Rejection(_options.Type, (int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our attempt timeout, or the handler's ConnectTimeout of the same length on the real clock: either may
            // fire first. Only that one was caught before, and a connect timeout that won the race escaped and ended
            // the sink's loop for good (the rare FailingAndSlowSinks failure: the silent sink never counted a failure).
            return $"no answer within {_delivery.AttemptTimeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException ex)
        {
            // The message names the host at most; HttpRequestException never carries the query or path.
            return ex.HttpRequestError.ToString();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Notifications + 1, LogLevel.Debug, "Notification sink {Sink}: sent {Events} event(s) in attempt {Attempt}", EventName = "NotificationSent")]
        public static partial void Sent(ILogger logger, string sink, int events, int attempt);

        [LoggerMessage(LogEvents.Notifications + 2, LogLevel.Warning, "Notification sink {Sink} ({Url}) failed after {Attempts} attempt(s): {Problem}; the message is dropped, probing and publishing go on", EventName = "NotificationFailed")]
        public static partial void Failed(ILogger logger, string sink, string url, int attempts, string? problem);

        [LoggerMessage(LogEvents.Notifications + 3, LogLevel.Information, "Notification sink {Sink} is at its rate limit; events are gathered for {Seconds:F0} s into one message", EventName = "NotificationRateLimited")]
        public static partial void RateLimited(ILogger logger, string sink, double seconds);
    }
}
