// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace AliDdnsHa.Core.Tests.Notifications;

public sealed class NotificationSinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectTimeoutOfTheHandler_IsAFailedAttempt_AndTheSinkGoesOn()
    {
        // SocketsHttpHandler's ConnectTimeout cancels with a token that is not ours; it used to escape the attempt and end
        // the sink's loop for good.
        using var handler = new ScriptedHandler(calls => calls <= 2
            ? throw new TaskCanceledException("connect timed out", new TimeoutException())
            : new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        using var http = new HttpClient(handler);
        var registry = Metrics.NewCustomRegistry();
        var counter = Metrics.WithCustomRegistry(registry).CreateCounter("t_notifications_total", "test", ["sink", "result"]);
        var options = new NotificationOptions { Name = "hook", Type = NotificationType.Webhook, Url = new Uri("http://127.0.0.1:9/hook"), BatchWindow = TimeSpan.Zero };
        var sink = new NotificationSink(options, http, new NotificationDelivery(TimeSpan.FromSeconds(30), [TimeSpan.Zero], 8), counter, TimeProvider.System, NullLogger.Instance);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = sink.RunAsync(cts.Token);

        sink.Offer(Event());
        await UntilAsync(loop, () => counter.WithLabels("hook", "failed").Value == 1); // both attempts timed out
        sink.Offer(Event());
        await UntilAsync(loop, () => counter.WithLabels("hook", "sent").Value == 1);

        Assert.Equal(1, counter.WithLabels("hook", "retried").Value);
        await cts.CancelAsync();
        await loop;
    }

    private static async Task UntilAsync(Task loop, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.False(loop.IsCompleted, $"the sink's loop ended: {loop.Exception?.InnerException?.GetType().Name}");
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(10, Ct);
        }
    }

    private static ControllerEvent Event() =>
        new(1, DateTimeOffset.UnixEpoch, ControllerEventKinds.EndpointDown, "home.example.com", "wan1", "192.0.2.1", "timeout", 0, 1, null, true, "wan1 is down");

    private sealed class ScriptedHandler(Func<int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(Interlocked.Increment(ref _calls)));
    }
}
