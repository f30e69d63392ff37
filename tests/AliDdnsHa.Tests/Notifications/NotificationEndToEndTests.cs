// Licensed under the MIT license.

using System.Net;
using System.Text.Json;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Notifications;

/// <summary>The whole controller with notifications configured in YAML: a line going down reaches the chat robot,
/// and a sink that never answers holds back neither publishing nor the other sink.</summary>
public sealed class NotificationEndToEndTests : IAsyncDisposable
{
    private const string Name = "home.example.com";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 2).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 80}")))];
    private readonly HttpClient _http = new();
    private WebhookReceiver? _robot;
    private WebhookReceiver? _hanging;
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LineDown_ReachesTheRobot_WhileAHangingSinkWaits()
    {
        _robot = await WebhookReceiver.StartAsync();
        _hanging = await WebhookReceiver.StartAsync();
        _hanging.Respond = async (request, _) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, request.HttpContext.RequestAborted);
            return (200, "");
        };
        var secretFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(secretFile, "SECtopsecret\n", Ct);
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Notifications:
              - { Name: hanging, Type: Webhook, Url: "{{_hanging.Url("/hook")}}", BatchWindow: 0s }
              - Name: ops
                Type: DingTalk
                Url: "{{_robot.Url("/robot/send?access_token=tok")}}"
                SecretFile: {{secretFile}}
                Language: en
                Events: [ endpoint_down, records_changed ]
                BatchWindow: 200ms
            Targets:
              - Name: {{Name}}
                Provider: local
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms, FailureThreshold: 2, SuccessThreshold: 1 }
                Sources:
                  - { Name: wan1, Address: {{_listeners[0].Address}}, Port: {{_listeners[0].Port}} }
                  - { Name: wan2, Address: {{_listeners[1].Address}}, Port: {{_listeners[1].Port}} }
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        await ReconcileWait.UntilAsync(target, () => _config.Published(Name).Count == 2);

        _listeners[1].Close();
        await ReconcileWait.UntilAsync(target, () => _config.Published(Name).Count == 1);
        File.Delete(secretFile);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] texts;
        do
        {
            await Task.Delay(20, Ct);
            texts = [.. _robot.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetProperty("content").GetString()!)];
        }
        while (!texts.Any(t => t.Contains("is down", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);

        Assert.Contains(texts, t => t.Contains($"wan2 {_listeners[1].Address} is down (refused): it is removed from {Name}; 1 of 2 lines healthy", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains(" is up", StringComparison.Ordinal)); // not subscribed
        Assert.All(_robot.Requests, r => Assert.Contains("&sign=", r.PathAndQuery, StringComparison.Ordinal));
        Assert.NotEmpty(_hanging.Requests);

        var metrics = await _http.GetStringAsync(_app.Url("/metrics"), Ct);
        Assert.Contains("aliddnsha_notifications_total{sink=\"ops\",result=\"sent\"}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("tok", metrics.Replace("total", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("SECtopsecret", metrics, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        if (_robot is not null)
        {
            await _robot.DisposeAsync();
        }

        if (_hanging is not null)
        {
            await _hanging.DisposeAsync();
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _config?.Dispose();
        _http.Dispose();
    }
}
