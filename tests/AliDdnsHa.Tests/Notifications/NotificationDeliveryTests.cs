// Licensed under the MIT license.

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Notifications;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace AliDdnsHa.Tests.Notifications;

/// <summary>Sinks against real HTTP receivers: one that checks DingTalk's signature as DingTalk does, one that never
/// answers, one that answers 500 and one that never accepts the connection.</summary>
public sealed class NotificationDeliveryTests : IAsyncDisposable
{
    private const string Secret = "SEC0123456789abcdef-test-secret";
    private static readonly NotificationDelivery s_fast = new(TimeSpan.FromSeconds(1), [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)], 8);

    // For tests that move a FakeTimeProvider by whole seconds: an attempt's timeout runs on that clock too, and must
    // not expire while the real receiver is still answering.
    private static readonly NotificationDelivery s_patient = new(TimeSpan.FromHours(1), [TimeSpan.FromMilliseconds(100)], 8);

    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private NotificationDispatcher? _dispatcher;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailingAndSlowSinks_DoNotHoldBackAGoodOne_AndEachIsCounted()
    {
        var good = await ReceiverAsync();
        var signatureProblems = new List<string>();
        good.Respond = (request, _) =>
        {
            // What DingTalk checks: the timestamp within an hour, and the signature made with the robot's secret.
            var timestamp = long.Parse(request.Query["timestamp"]!, CultureInfo.InvariantCulture);
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}\n{Secret}")));
            if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - timestamp) > 3_600_000 || request.Query["sign"] != expected)
            {
                signatureProblems.Add($"{timestamp} {request.Query["sign"]}");
                return Task.FromResult((200, """{"errcode":310000,"errmsg":"sign not match"}"""));
            }

            return Task.FromResult((200, """{"errcode":0,"errmsg":"ok"}"""));
        };
        var slow = await ReceiverAsync();
        slow.Respond = async (request, _) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, request.HttpContext.RequestAborted);
            return (200, "");
        };
        var broken = await ReceiverAsync();
        broken.Respond = (_, _) => Task.FromResult((500, "internal error"));
        using var silent = new LoopbackListener(IPAddress.Parse("127.0.0.71"));
        _disposables.Add(await SourceReject.DropAsync(new IPEndPoint(silent.Address, silent.Port), Ct));

        var journal = new EventJournal(TimeProvider.System);
        Start(journal, TimeProvider.System, [
            Sink("good", NotificationType.DingTalk, good.Url("/robot/send?access_token=tok123"), Secret),
            Sink("slow", NotificationType.Webhook, slow.Url("/hook")),
            Sink("broken", NotificationType.WeCom, broken.Url("/cgi-bin/webhook/send?key=k")),
            Sink("silent", NotificationType.Feishu, new Uri($"http://{silent.Address}:{silent.Port}/open-apis/bot/v2/hook/x"), "s"),
        ]);

        journal.Publish(ControllerEventKinds.EndpointDown, "home.example.com", "wan2 203.0.113.7 is down (timeout): it is removed from home.example.com; 2 of 3 lines healthy",
            "wan2", "203.0.113.7", "timeout", 2, 3, wasPublished: true);

        await UntilAsync(() => !good.Requests.IsEmpty);
        Assert.Empty(signatureProblems);
        var (path, body, _) = Assert.Single(good.Requests);
        Assert.StartsWith("/robot/send?access_token=tok123&timestamp=", path, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(body))
        {
            // DingTalk defaults to Chinese.
            Assert.Equal("AliDdnsHa: wan2 203.0.113.7 故障（超时）：将从 home.example.com 移除；3 条线路中 2 条正常", json.RootElement.GetProperty("text").GetProperty("content").GetString());
        }

        // The receiver records the request before it answers, so the sink counts it a moment later.
        await UntilAsync(async () => await CountAsync("good", "sent") == 1);
        Assert.Equal(0, await CountAsync("slow", "failed")); // the good one went through while the slow one still waits

        await UntilAsync(
            async () => await CountAsync("slow", "failed") == 1 && await CountAsync("broken", "failed") == 1 && await CountAsync("silent", "failed") == 1,
            async () => $"failed: slow {await CountAsync("slow", "failed")}, broken {await CountAsync("broken", "failed")}, silent {await CountAsync("silent", "failed")}; retried: slow {await CountAsync("slow", "retried")}, broken {await CountAsync("broken", "retried")}, silent {await CountAsync("silent", "retried")}; requests seen: slow {slow.Requests.Count}, broken {broken.Requests.Count}");
        Assert.Equal(3, slow.Requests.Count);
        Assert.Equal(3, broken.Requests.Count);
        Assert.Equal(2, await CountAsync("broken", "retried"));
        Assert.Equal(0, await CountAsync("good", "failed"));
    }

    [Fact]
    public async Task AtTheRateLimit_EventsAreGathered_AndFlappingIsSummarised()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var receiver = await ReceiverAsync();
        receiver.Respond = (_, _) => Task.FromResult((200, ""));
        var journal = new EventJournal(time);
        var sink = Sink("hook", NotificationType.Webhook, receiver.Url("/hook"));
        sink.MaxPerMinute = 1;
        sink.BatchWindow = TimeSpan.Zero;
        Start(journal, time, [sink], s_patient);

        journal.Publish(ControllerEventKinds.ProviderError, "home.example.com", "provider ali apply failed for home.example.com: Throttling.User", detail: "Throttling.User");
        await UntilAsync(() => receiver.Requests.Count == 1);
        await UntilAsync(async () => await CountAsync("hook", "sent") == 1); // the first send has finished
        for (var i = 0; i < 3; i++)
        {
            journal.Publish(ControllerEventKinds.EndpointDown, "home.example.com", "down", "wan2", "203.0.113.7", "refused", 2, 3, wasPublished: true);
            journal.Publish(ControllerEventKinds.EndpointUp, "home.example.com", "up", "wan2", "203.0.113.7", null, 3, 3, wasPublished: false);
        }

        // Nothing more within the minute; once it has passed, one message carries all six events.
        await UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return Task.FromResult(receiver.Requests.Count == 2);
        });
        Assert.True(time.GetUtcNow() - journal.Since(0, 10)[^1].At >= TimeSpan.FromSeconds(55));
        using var json = JsonDocument.Parse(receiver.Requests.Last().Body);
        Assert.Equal(6, json.RootElement.GetProperty("events").GetArrayLength());
        Assert.Equal("AliDdnsHa: wan2 203.0.113.7 is flapping: down 3 and up 3 times in 0 s; now up (home.example.com: 3 of 3 lines healthy)", json.RootElement.GetProperty("text").GetString());
        await UntilAsync(async () => await CountAsync("hook", "sent") == 2); // counted just after the receiver saw it
    }

    public async ValueTask DisposeAsync()
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.StopAsync(CancellationToken.None);
            _dispatcher.Dispose();
        }

        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }
    }

    private void Start(EventJournal journal, TimeProvider time, List<NotificationOptions> sinks, NotificationDelivery? delivery = null)
    {
        var options = new AliDdnsHaOptions();
        options.Notifications.AddRange(sinks);
        _dispatcher = new NotificationDispatcher(options, journal, Metrics.WithCustomRegistry(_registry), time, NullLoggerFactory.Instance, delivery ?? s_fast);
        _ = _dispatcher.StartAsync(Ct);
    }

    private async Task<WebhookReceiver> ReceiverAsync()
    {
        var receiver = await WebhookReceiver.StartAsync();
        _disposables.Add(receiver);
        return receiver;
    }

    private async Task<double> CountAsync(string sink, string result)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream, Ct);
        var line = Encoding.UTF8.GetString(stream.ToArray()).Split('\n')
            .FirstOrDefault(l => l.StartsWith($"aliddnsha_notifications_total{{sink=\"{sink}\",result=\"{result}\"}} ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private static NotificationOptions Sink(string name, NotificationType type, Uri url, string? secret = null) =>
        new() { Name = name, Type = type, Url = url, Secret = secret, BatchWindow = TimeSpan.Zero };

    private static Task UntilAsync(Func<bool> condition) => UntilAsync(() => Task.FromResult(condition()));

    private static async Task UntilAsync(Func<Task<bool>> condition, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"condition not met within 20 s{(describe is null ? "" : "; " + await describe())}");
            }

            await Task.Delay(20, Ct);
        }
    }
}
