// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>A CNAME already at the name on a real BIND: check-config says what to do, and AdoptCname replaces it with
/// the healthy set in one UPDATE (a policy that grants CNAME too, as docs/providers.md says).</summary>
public sealed class Rfc2136CnameEndToEndTests : IAsyncLifetime
{
    private const string Name = "home." + BindServer.Zone;

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 2).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 170}")))];
    private readonly HttpClient _http = new();
    private BindServer? _bind;
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] All => [.. _listeners.Select(l => l.Address.ToString())];

    public async ValueTask InitializeAsync()
    {
        _bind = await BindServer.StartAsync(updatePolicy: $"grant {BindServer.KeyName} name {Name}. A AAAA CNAME;", cancellationToken: Ct);
        await _bind.NsupdateAsync($"update add {Name} 60 CNAME dns1.{BindServer.Zone}.", Ct); // the old setup
    }

    [Fact]
    public async Task CheckConfig_WithoutAdoptCname_IsAnError_AndRunDoesNotStart()
    {
        WriteConfig(adoptCname: false);

        var (code, _, error) = await CommandLineTests.InvokeAsync("check-config", "--config", _config!.Path);

        Assert.Equal(2, code);
        Assert.Contains($"Targets[0].Name: {Name} has CNAME dns1.{BindServer.Zone} on line default — the CNAME setup this tool replaces: delete it, or set AdoptCname: true", error, StringComparison.Ordinal);
        Assert.Equal([$"dns1.{BindServer.Zone}."], await _bind!.DigAsync(Name, "CNAME", Ct));
    }

    [Fact]
    public async Task Run_WithAdoptCname_ReplacesItWithTheHealthySetInOneUpdate()
    {
        WriteConfig(adoptCname: true);
        var (code, output, _) = await CommandLineTests.InvokeAsync("check-config", "--config", _config!.Path);
        Assert.True(code == 0, output);
        Assert.Contains("AdoptCname replaces it with the healthy address set once that set is known, in one UPDATE", output, StringComparison.Ordinal);

        (_app, var target) = await TestHost.StartAsync(_config.Path);
        await ReconcileWait.UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));

        Assert.Equal(All, await _bind!.DigAsync(Name, "A", Ct));
        Assert.Empty(await _bind.DigAsync(Name, "CNAME", Ct));
        Assert.Single(_app.Services.GetRequiredService<AliDdnsHa.Controller.FailoverController>().Events.Since(0, 100), e => e.Kind == "cname_adopted");
        var metrics = await _http.GetStringAsync(_app.Url("/metrics"), Ct);
        Assert.Contains("aliddnsha_provider_requests_total{provider=\"bind\",operation=\"update\",result=\"ok\"} ", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("result=\"NXRRSET\"", metrics, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config?.Dispose();
        _http.Dispose();
        if (_bind is not null)
        {
            await _bind.DisposeAsync();
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private void WriteConfig(bool adoptCname) => _config = new TempConfig($$"""
        Urls: http://127.0.0.1:0
        Providers:
          bind: { Type: Rfc2136, Server: "{{_bind!.Server}}", Zone: {{BindServer.Zone}}, TsigSecretFile: "{{_bind.KeyFile}}" }
        Targets:
          - Name: {{Name}}
            Provider: bind
            Ttl: 60
            AdoptCname: {{(adoptCname ? "true" : "false")}}
            Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
            Sources:
        {{string.Join("\n", _listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
        """);
}
