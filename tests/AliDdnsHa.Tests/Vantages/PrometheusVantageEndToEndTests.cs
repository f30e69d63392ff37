// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Vantages;

/// <summary>A real Prometheus that scrapes a real blackbox_exporter (the way users already run them) as a vantage.</summary>
public sealed class PrometheusVantageEndToEndTests : IAsyncDisposable
{
    private const string Name = "home.example.com";
    private const string Job = "blackbox-office";

    private readonly List<LoopbackListener> _endpoints = [.. Enumerable.Range(1, 2).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.9.{i + 120}")))];
    private BlackboxExporter? _exporter;
    private PrometheusServer? _prometheus;
    private SourceReject? _reject;
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] All => [.. _endpoints.Select(l => l.Address.ToString())];

    [Fact]
    public async Task ThePrometheusVantage_WithdrawsWhatItsProbesSeeDown_AndIsBlindWhenItsScrapesStop()
    {
        await StartPrometheusAsync();
        var target = await StartControllerAsync();
        await UntilAsync(target, () => Published().SequenceEqual(All) && target.GetStatus().Sources.All(s => s.Endpoints[0].Vantages[1].Vote == "Up"));

        // From the office, wan2 is unreachable; from home it still answers: both must agree, so it is withdrawn.
        _reject = await SourceReject.AddAsync(_exporter!.SourceAddress!, _endpoints[1].EndPoint, Ct);
        await UntilAsync(target, () => Published().SequenceEqual([All[0]])
            && target.GetStatus().Sources[1].Endpoints[0].Vantages.Select(v => v.Vote).SequenceEqual(["Up", "Down"]));
        Assert.Equal("failed", target.GetStatus().Sources[1].Endpoints[0].Vantages[1].LastResult);

        // The office exporter dies: Prometheus's scrapes fail, the canary (up == 1) fails, the series go stale.
        // The office vantage is blind and home decides alone: wan2 is back.
        await _exporter.StopAsync();
        await UntilAsync(target, () => Published().SequenceEqual(All) && Office()?.Condition == "Blind");
        Assert.Contains("every canary fails", Office()!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASampleOlderThanMaxAge_IsAFailedProbe_NotASuccess()
    {
        await StartPrometheusAsync();
        var fresh = Vantage(TimeSpan.FromMinutes(1), out var freshClient);
        var stale = Vantage(TimeSpan.FromMilliseconds(1), out var staleClient);
        using (freshClient)
        using (staleClient)
        {
            var request = new VantageProbeRequest(_endpoints[0].EndPoint, Name, "wan1");
            await _prometheus!.PollAsync(
                async ct => (await fresh.ProbeAsync(request, TimeSpan.FromSeconds(2), ct)).Result.IsSuccess, TimeSpan.FromSeconds(30), "a first probe_success 1", Ct);

            var old = await stale.ProbeAsync(request, TimeSpan.FromSeconds(2), Ct);

            Assert.Null(old.Fault);
            Assert.Equal(ProbeOutcome.Failed, old.Result.Outcome);
            Assert.Contains("no sample newer than 1ms", old.Result.Detail, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        if (_reject is not null)
        {
            await _reject.DisposeAsync();
        }

        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_exporter is not null)
        {
            await _exporter.DisposeAsync();
        }

        _config?.Dispose();
        foreach (var listener in _endpoints)
        {
            listener.Dispose();
        }
    }

    private async Task StartPrometheusAsync()
    {
        _exporter = await BlackboxExporter.StartAsync(IPAddress.Parse("127.0.9.4"), cancellationToken: Ct);
        _prometheus = await PrometheusServer.StartAsync(
            $$"""
            global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }
            scrape_configs:
              - job_name: {{Job}}
                metrics_path: /probe
                params: { module: [tcp_connect] }
                static_configs:
                  - targets: [ {{string.Join(", ", _endpoints.Select(e => $"\"{e.EndPoint}\""))}} ]
                relabel_configs:
                  - { source_labels: [__address__], target_label: __param_target }
                  - { source_labels: [__param_target], target_label: instance }
                  - { target_label: __address__, replacement: "127.0.0.1:{{_exporter.Port}}" }
            """,
            new Dictionary<string, string>(),
            Ct);
    }

    private async Task<TargetController> StartControllerAsync()
    {
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              local: { Type: HostsFile, Path: "{hosts}" }
            Vantages:
              home: { Type: Local }
              office:
                Type: Prometheus
                Url: "{{_prometheus!.Url}}"
                Query: 'probe_success{job="{{Job}}", instance="{address}:{port}"}'
                MaxAge: 30s
                Canaries: [ 'up{job="{{Job}}"}' ]
            Targets:
              - Name: {{Name}}
                Provider: local
                Ttl: 60
                Probe: { Interval: 1s, FastInterval: 500ms, Timeout: 900ms, FailureThreshold: 2, SuccessThreshold: 2 }
                Sources:
            {{string.Join("\n", _endpoints.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        return target;
    }

    private PrometheusVantage Vantage(TimeSpan maxAge, out VantageHttpClient client)
    {
        var options = new VantageOptions
        {
            Name = "office",
            Type = VantageType.Prometheus,
            Url = _prometheus!.Url,
            Query = $"probe_success{{job=\"{Job}\", instance=\"{{address}}:{{port}}\"}}",
            MaxAge = maxAge,
        };
        client = new VantageHttpClient(options, TimeProvider.System);
        return new PrometheusVantage(options, client, TimeProvider.System);
    }

    private IReadOnlyList<string> Published() => _config!.Published(Name);

    private AliDdnsHa.Health.VantageStatus? Office() =>
        _app!.Services.GetService(typeof(FailoverController)) is FailoverController c ? c.GetStatus().Vantages.Single(v => v.Name == "office") : null;

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
