// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>Live reload through <c>POST /-/reload</c> on the whole controller: what changed is applied, what did not
/// keeps its state, a bad file changes nothing.</summary>
public sealed class ReloadTests : IAsyncDisposable
{
    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 4).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 90}")))];
    private readonly HttpClient _http = new();
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FailoverController Controller => _app!.Services.GetRequiredService<FailoverController>();

    [Fact]
    public async Task Reload_AddsRebuildsAndRemovesTargets_WhileUnchangedOnesKeepRunning()
    {
        await StartAsync(Config(aInterval: "2s", withC: true, withD: false));
        var a = Target("a.example.com");
        var b = Target("b.example.com");
        await UntilAsync(() => Published("a.example.com").Count == 2 && Published("b.example.com").Count == 1 && Published("c.example.com").Count == 1);
        var aWrites = await MetricAsync("aliddnsha_record_changes_total{target=\"a.example.com\",line=\"default\",action=\"add\"}");

        // a: unchanged. b: its probe timeout changes (rebuilt). c: removed. d: added.
        using var response = await ReloadAsync(Config(aInterval: "2s", withC: false, withD: true, bTimeout: "400ms"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "targets: 1 added (d.example.com), 1 changed (b.example.com), 1 removed (c.example.com), 1 unchanged; notifications unchanged\n",
            await response.Content.ReadAsStringAsync(Ct));
        Assert.Same(a, Target("a.example.com"));
        var rebuilt = Target("b.example.com");
        Assert.NotSame(b, rebuilt);
        await UntilAsync(() => rebuilt.GetStatus().Sources.Single().Endpoints.Count == 1); // rediscovered as it starts
        Assert.Equal("Up", rebuilt.GetStatus().Sources.Single().Endpoints.Single().State); // at once: no new probation
        Assert.Equal(["a.example.com", "b.example.com", "d.example.com"], Controller.Targets.Select(t => t.Options.Name));

        await UntilAsync(() => Published("d.example.com").Count == 1 && rebuilt.HasSynced);
        Assert.Equal([_listeners[3].Address.ToString()], Published("c.example.com")); // a removed target's records stay
        Assert.Equal(aWrites, await MetricAsync("aliddnsha_record_changes_total{target=\"a.example.com\",line=\"default\",action=\"add\"}"));
        Assert.Equal(1, await MetricAsync("aliddnsha_record_changes_total{target=\"b.example.com\",line=\"default\",action=\"add\"}")); // its first add; the rebuild wrote nothing
        Assert.Equal(1, await MetricAsync("aliddnsha_record_changes_total{target=\"d.example.com\",line=\"default\",action=\"add\"}"));
        Assert.Equal(1, await MetricAsync("aliddnsha_config_last_reload_successful"));
        Assert.DoesNotContain("target=\"c.example.com\",source=", await _http.GetStringAsync(_app!.Url("/metrics"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_BadFile_IsRejectedWithEveryProblem_AndTheRunningConfigurationStays()
    {
        await StartAsync(Config(aInterval: "2s", withC: true, withD: false));
        var stamp = await MetricAsync("aliddnsha_config_last_reload_success_timestamp_seconds");
        var targets = Controller.Targets;

        using var rejected = await ReloadAsync(Config(aInterval: "soon", withC: true, withD: false).Replace("Ttl: 60", "Ttl: -5", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.InternalServerError, rejected.StatusCode);
        var body = await rejected.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("failed to reload config: ", body, StringComparison.Ordinal);
        Assert.Contains("Targets[0].Probe.Interval: 'soon' is not a duration", body, StringComparison.Ordinal);
        Assert.Contains("Targets[0].Ttl", body, StringComparison.Ordinal);
        Assert.Equal(0, await MetricAsync("aliddnsha_config_last_reload_successful"));
        Assert.Equal(stamp, await MetricAsync("aliddnsha_config_last_reload_success_timestamp_seconds"));
        Assert.Equal(targets, Controller.Targets);
        Assert.Contains(Controller.Events.Since(0, 50), e => e.Kind == "config_reload_failed");

        using var vantages = await ReloadAsync(Config(aInterval: "2s", withC: true, withD: false) + "\nResolver: { Servers: [ 127.0.0.1 ] }\n");
        Assert.Equal(HttpStatusCode.InternalServerError, vantages.StatusCode);
        Assert.Contains("Resolver: changed; this section is applied only at start-up", await vantages.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var fixedAgain = await ReloadAsync(Config(aInterval: "2s", withC: true, withD: false));
        Assert.Equal(HttpStatusCode.OK, fixedAgain.StatusCode);
        Assert.Equal(1, await MetricAsync("aliddnsha_config_last_reload_successful"));
        Assert.Equal(targets, Controller.Targets); // nothing changed, nothing rebuilt
    }

    [Fact]
    public async Task Reload_WithoutLifecycle_Is403()
    {
        await StartAsync(Config(aInterval: "2s", withC: false, withD: false, lifecycle: false));
        using var response = await _http.PostAsync(_app!.Url("/-/reload"), null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Lifecycle API is not enabled.\n", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Reloads_WhileALineFlaps_LoseNoStateAndWriteNothingExtra()
    {
        await StartAsync(Config(aInterval: "500ms", withC: false, withD: false));
        await UntilAsync(() => Published("a.example.com").Count == 2 && Published("b.example.com").Count == 1);
        var bWrites = await MetricAsync("aliddnsha_record_changes_total{target=\"b.example.com\",line=\"default\",action=\"add\"}");

        for (var i = 0; i < 8; i++)
        {
            if (i % 2 == 0)
            {
                _listeners[1].Close();
            }
            else
            {
                _listeners[1].Open();
            }

            // b is rebuilt on every reload (its timeout alternates); a is untouched.
            using var response = await ReloadAsync(Config(aInterval: "500ms", withC: false, withD: false, bTimeout: i % 2 == 0 ? "400ms" : "300ms"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(250, Ct); // pacing the reloads, as an operator's script would; nothing waits on it
        }

        // The last step reopened wan2: both lines end up published, and b never wrote again.
        await UntilAsync(() => Published("a.example.com").Count == 2 && Target("b.example.com").HasSynced);
        Assert.Equal(bWrites, await MetricAsync("aliddnsha_record_changes_total{target=\"b.example.com\",line=\"default\",action=\"add\"}"));
        Assert.Equal(0, await MetricAsync("aliddnsha_record_changes_total{target=\"b.example.com\",line=\"default\",action=\"delete\"}"));
        Assert.Equal([_listeners[2].Address.ToString()], Published("b.example.com"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _config?.Dispose();
        _http.Dispose();
    }

    private string Config(string aInterval, bool withC, bool withD, string bTimeout = "250ms", bool lifecycle = true)
    {
        var l = _listeners;
        var text = $$"""
            Urls: http://127.0.0.1:0
            Web: { EnableLifecycle: {{(lifecycle ? "true" : "false")}} }
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - Name: a.example.com
                Provider: local
                Ttl: 60
                Probe: { Interval: {{aInterval}}, FastInterval: 100ms, Timeout: 250ms, FailureThreshold: 2, SuccessThreshold: 2 }
                Sources:
                  - { Name: wan1, Address: {{l[0].Address}}, Port: {{l[0].Port}} }
                  - { Name: wan2, Address: {{l[1].Address}}, Port: {{l[1].Port}} }
              - Name: b.example.com
                Provider: local
                Probe: { Interval: 10s, FastInterval: 100ms, Timeout: {{bTimeout}}, FailureThreshold: 2, SuccessThreshold: 3 }
                Sources:
                  - { Name: wan3, Address: {{l[2].Address}}, Port: {{l[2].Port}} }

            """;
        if (withC)
        {
            text += $$"""
                  - Name: c.example.com
                    Provider: local
                    Probe: { Interval: 1s, FastInterval: 100ms, Timeout: 250ms }
                    Sources: [ { Name: wan4, Address: {{l[3].Address}}, Port: {{l[3].Port}} } ]

                """;
        }

        if (withD)
        {
            text += $$"""
                  - Name: d.example.com
                    Provider: local
                    Probe: { Interval: 1s, FastInterval: 100ms, Timeout: 250ms, SuccessThreshold: 1 }
                    Sources: [ { Name: wan1, Address: {{l[0].Address}}, Port: {{l[0].Port}} } ]

                """;
        }

        return _config is null ? text : text.Replace("{hosts}", _config.HostsPath, StringComparison.Ordinal);
    }

    private async Task StartAsync(string config)
    {
        _config = new TempConfig(config);
        (_app, _) = await TestHost.StartAllAsync(_config.Path);
    }

    private async Task<HttpResponseMessage> ReloadAsync(string config)
    {
        await File.WriteAllTextAsync(_config!.Path, config, Ct);
        return await _http.PostAsync(_app!.Url("/-/reload"), null, Ct);
    }

    private TargetController Target(string name) => Controller.Targets.Single(t => t.Options.Name == name);

    private IReadOnlyList<string> Published(string name) => _config!.Published(name);

    private async Task<double> MetricAsync(string series)
    {
        var text = await _http.GetStringAsync(_app!.Url("/metrics"), Ct);
        return text.Split('\n')
            .Where(l => !l.StartsWith('#') && (l.StartsWith(series + " ", StringComparison.Ordinal) || (!series.Contains('{', StringComparison.Ordinal) && l.StartsWith(series + "{", StringComparison.Ordinal))))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(20, Ct);
        }
    }
}
