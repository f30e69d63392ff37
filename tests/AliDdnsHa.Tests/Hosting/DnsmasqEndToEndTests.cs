// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>The hosts-file provider served by a real dnsmasq through <c>hostsdir</c> (docs/providers.md's lines as written):
/// failover reaches a DNS client without any signal to dnsmasq.</summary>
public sealed class DnsmasqEndToEndTests : IAsyncDisposable
{
    private const string Name = "home.example.test";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 2).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.33.{i + 10}")))];
    private TempConfig? _config;
    private WebApplication? _app;
    private DnsmasqServer? _dnsmasq;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hostsdir_ServesEveryChangeTheProviderMakes()
    {
        var all = _listeners.Select(l => l.Address.ToString()).ToArray();
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              local: { Type: HostsFile, Path: "{hosts}" }
            Targets:
              - Name: {{Name}}
                Provider: local
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
            {{string.Join('\n', _listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(all));
        _dnsmasq = await DnsmasqServer.StartAsync(_config.Folder, Name, Ct);
        Assert.Equal(all, await _dnsmasq.DigAsync(Name, cancellationToken: Ct));

        _listeners[0].Close();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(all[1..]));
        await AnswersAsync(all[1..]);

        _listeners[0].Open();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(all));
        await AnswersAsync(all);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        if (_dnsmasq is not null)
        {
            await _dnsmasq.DisposeAsync();
        }

        _config?.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    /// <summary>dnsmasq re-reads the file on its own inotify event: poll it as a client would (bounded).</summary>
    private async Task AnswersAsync(string[] expected)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!(await _dnsmasq!.DigAsync(Name, cancellationToken: Ct)).SequenceEqual(expected))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"dnsmasq still answers {string.Join(", ", await _dnsmasq!.DigAsync(Name, cancellationToken: Ct))}: {_dnsmasq!.Log}");
            await Task.Delay(20, Ct);
        }

        Measurements.Report($"dnsmasq hostsdir: the provider's change reached dig {watch.Elapsed.TotalMilliseconds:F0} ms after the controller confirmed it");
    }

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
