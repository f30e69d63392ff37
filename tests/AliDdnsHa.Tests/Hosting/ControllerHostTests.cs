// Licensed under the MIT license.

using System.Net;
using System.Text.Json;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>The whole controller on real loopback sockets, with the hosts-file provider in a temporary folder.</summary>
public sealed class ControllerHostTests : IAsyncDisposable
{
    private const string Name = "home.example.com";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 10}")))];
    private readonly LoopbackDnsServer _dns = new();
    private readonly HttpClient _http = new();
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] AllAddresses => [.. _listeners.Select(l => l.Address.ToString())];

    [Fact]
    public async Task Run_ThreeListeners_PublishesExactlyTheHealthyOnes()
    {
        _listeners[2].Close();
        var target = await StartAsync();

        // The Up pair is published after two probes; the closed one is confirmed Down after three.
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses[..2]) && target.GetStatus().Sources[2].Endpoints.Single().State == "Down");

        Assert.Equal(AllAddresses[..2], Published());
        var status = target.GetStatus();
        Assert.Equal(["Up", "Up", "Down"], status.Sources.Select(s => s.Endpoints.Single().State));
    }

    [Fact]
    public async Task Run_ListenerClosesAndReopens_AddressIsRemovedThenReadded()
    {
        var target = await StartAsync();
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses));

        _listeners[1].Close();
        await WaitForAsync(target, () => Published().SequenceEqual([AllAddresses[0], AllAddresses[2]]));
        var down = target.GetStatus().Sources[1].Endpoints.Single();
        Assert.Equal(("Down", "refused"), (down.State, down.LastResult));
        Assert.True(down.ConsecutiveFailures >= 3);

        _listeners[1].Open();
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses));

        var metrics = await _http.GetStringAsync(Url("/metrics"), Ct);
        Assert.Contains($"aliddnsha_failover_duration_seconds_count{{target=\"{Name}\",line=\"default\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_record_changes_total{{target=\"{Name}\",line=\"default\",action=\"delete\"}} 1", metrics, StringComparison.Ordinal);

        // The same story in /api/events, newest first; ?since= returns only what came after.
        using var events = JsonDocument.Parse(await _http.GetStringAsync(Url("/api/events"), Ct));
        var lastId = events.RootElement.GetProperty("lastId").GetInt64();
        var list = events.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(lastId, list[0].GetProperty("id").GetInt64());
        Assert.Equal(list.Select(e => e.GetProperty("id").GetInt64()).OrderDescending(), list.Select(e => e.GetProperty("id").GetInt64()));
        var kinds = list.Select(e => e.GetProperty("kind").GetString()).Reverse().ToList();
        var downAt = kinds.IndexOf("endpoint_down");
        Assert.True(downAt >= 0 && kinds.IndexOf("endpoint_up", downAt) > downAt, string.Join(",", kinds));
        Assert.Contains(list, e => e.GetProperty("kind").GetString() == "records_changed" && e.GetProperty("changes")[0].GetString() == $"- {AllAddresses[1]}");
        using var none = JsonDocument.Parse(await _http.GetStringAsync(Url($"/api/events?since={lastId}"), Ct));
        Assert.Empty(none.RootElement.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task Run_AllListenersClose_PublishAllKeepsEveryAddress()
    {
        var target = await StartAsync();
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses));

        _listeners[0].Close();
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses[1..]));
        _listeners[1].Close();
        _listeners[2].Close();
        await WaitForAsync(target, () => target.GetStatus().AllDown);

        Assert.Equal(AllAddresses, Published());
        var metrics = await _http.GetStringAsync(Url("/metrics"), Ct);
        Assert.Contains($"aliddnsha_all_down{{target=\"{Name}\"}} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HostnameMoves_OldAddressIsWithdrawnAtOnce()
    {
        _dns.Set("dns1.example.test", _listeners[0].Address);
        var target = await StartAsync(hostnameForFirst: true);
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses));

        // The line got a new address; its old one may now belong to someone else (and still answers here).
        _dns.Set("dns1.example.test", IPAddress.Parse("127.0.0.20"));
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses[1..]));

        var moved = target.GetStatus().Sources[0];
        Assert.Equal(["127.0.0.20"], moved.Addresses);
        Assert.Equal("Hostname", moved.Kind);
    }

    [Fact]
    public async Task Http_HealthReadinessStatusAndMetrics_AreServed()
    {
        var target = await StartAsync();
        await WaitForAsync(target, () => Published().SequenceEqual(AllAddresses));

        var healthz = await _http.GetAsync(Url("/healthz"), Ct);
        var readyz = await _http.GetAsync(Url("/readyz"), Ct);
        var status = await _http.GetStringAsync(Url("/api/status"), Ct);
        using var scrape = await _http.GetAsync(Url("/metrics"), Ct);
        var metrics = await scrape.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scrape.Content.Headers.ContentType?.ToString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(metrics), scrape.Content.Headers.ContentLength);
        var again = await _http.GetStringAsync(Url("/metrics"), Ct); // the reused buffer holds only the new exposition
        Assert.Equal(metrics.Split('\n').Length, again.Split('\n').Length);
        Assert.EndsWith("\n", again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.StartsWith("Healthy", await healthz.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        using var json = JsonDocument.Parse(status);
        var first = json.RootElement.GetProperty("targets")[0];
        Assert.Equal(Name, first.GetProperty("name").GetString());
        Assert.Equal(AllAddresses, first.GetProperty("published").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Up", first.GetProperty("sources")[0].GetProperty("endpoints")[0].GetProperty("state").GetString());
        Assert.Contains("\"+ 127.0.0.1", status, StringComparison.Ordinal); // the last change, "+" not escaped
        foreach (var name in new[]
        {
            "aliddnsha_probe_duration_seconds_bucket", "aliddnsha_probes_total", "aliddnsha_endpoint_up", "aliddnsha_endpoint_published",
            "aliddnsha_endpoint_transitions_total", "aliddnsha_healthy_endpoints", "aliddnsha_published_records", "aliddnsha_all_down",
            "aliddnsha_record_changes_total", "aliddnsha_provider_requests_total", "aliddnsha_provider_request_duration_seconds_bucket",
            "aliddnsha_reconciles_total", "aliddnsha_last_sync_success_timestamp_seconds", "aliddnsha_build_info",
        })
        {
            Assert.Contains("\n" + name + "{", metrics, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();

        _config?.Dispose();
        _dns.Dispose();
        _http.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private async Task<TargetController> StartAsync(bool hostnameForFirst = false)
    {
        (_app, var target) = await TestHost.StartAsync(WriteConfig(hostnameForFirst));
        return target;
    }

    private string WriteConfig(bool hostnameForFirst)
    {
        var first = hostnameForFirst
            ? $"{{ Name: wan1, Hostname: dns1.example.test, Port: {_listeners[0].Port} }}"
            : $"{{ Name: wan1, Address: {_listeners[0].Address}, Port: {_listeners[0].Port} }}";
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Resolver: { Servers: [ "127.0.0.1:{{_dns.Port}}" ], Timeout: 1s }
            Providers:
              local: { Type: HostsFile, Path: "{hosts}" }
            Targets:
              - Name: {{Name}}
                Provider: local
                Ttl: 60
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms, FailureThreshold: 3, SuccessThreshold: 2 }
                DiscoveryInterval: 200ms
                Sources:
                  - {{first}}
                  - { Name: wan2, Address: {{_listeners[1].Address}}, Port: {{_listeners[1].Port}} }
                  - { Name: wan3, Address: {{_listeners[2].Address}}, Port: {{_listeners[2].Port}} }
            """);
        return _config.Path;
    }

    private IReadOnlyList<string> Published() => _config!.Published(Name);

    private Uri Url(string path) => _app!.Url(path);

    private static Task WaitForAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
