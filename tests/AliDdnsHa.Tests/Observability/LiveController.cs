// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Observability;

/// <summary>The whole controller on real sockets: three loopback listeners, the Alidns emulator with two ISP lines
/// (telecom: wan1, unicom: wan2), short probe intervals, and its HTTP endpoints on a free port — what Prometheus and
/// promtool look at.</summary>
internal sealed class LiveController : IAsyncDisposable
{
    public const string Name = "home.example.com";

    private readonly WebApplication _app;
    private readonly AlidnsEmulator _emulator;

    private LiveController(List<LoopbackListener> listeners, TempConfig config, WebApplication app, TargetController target, AlidnsEmulator emulator)
    {
        Listeners = listeners;
        Config = config;
        _app = app;
        Target = target;
        _emulator = emulator;
    }

    public IReadOnlyList<LoopbackListener> Listeners { get; }

    public TempConfig Config { get; }

    public TargetController Target { get; }

    public IReadOnlyList<string> AllAddresses => [.. Listeners.Select(l => l.Address.ToString())];

    /// <summary>Starts the controller (its own metrics registry) and waits until all three addresses are published.</summary>
    public static async Task<LiveController> StartAsync(string firstAddress)
    {
        var first = IPAddress.Parse(firstAddress).GetAddressBytes();
        List<LoopbackListener> listeners = [.. Enumerable.Range(0, 3).Select(i => new LoopbackListener(new IPAddress([first[0], first[1], first[2], (byte)(first[3] + i)])))];
        var emulator = new AlidnsEmulator();
        emulator.AddKey("LTAI5tLiveKeyId", "live-secret");
        emulator.AddDomain("example.com");
        var config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              ali: { Type: AlibabaCloud, Endpoint: "{{emulator.Endpoint}}", AccessKeyId: LTAI5tLiveKeyId, AccessKeySecret: live-secret }
            # A sink, so its series are exported (it subscribes to an event these tests never cause).
            Notifications:
              - { Name: ops, Type: Webhook, Url: "http://127.0.0.1:9/hook", Events: [ config_reload_failed ] }
            Targets:
              - Name: {{Name}}
                Zone: example.com
                Provider: ali
                Ttl: 600
                Lines: { telecom: [ wan1 ], unicom: [ wan2 ] }
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms, FailureThreshold: 3, SuccessThreshold: 2 }
                Sources:
            {{string.Join('\n', listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
            """);
        var (app, target) = await TestHost.StartAsync(config.Path);
        var live = new LiveController(listeners, config, app, target, emulator);
        await live.WaitForAsync(() => live.Published().SequenceEqual(live.AllAddresses));
        return live;
    }

    public Uri Url(string path) => _app.Url(path);

    public IReadOnlyList<string> Published() => _emulator.Values("example.com", "home");

    public Task WaitForAsync(Func<bool> condition) => ReconcileWait.UntilAsync(Target, condition);

    /// <summary>Closes one listener and waits until the provider confirmed its address was removed.</summary>
    public async Task FailOverAsync(int index)
    {
        Listeners[index].Close();
        await WaitForAsync(() => !Published().Contains(AllAddresses[index]));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        Config.Dispose();
        _emulator.Dispose();
        foreach (var listener in Listeners)
        {
            listener.Dispose();
        }
    }
}
