// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Commands;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>ISP lines through RFC 2136: a real BIND running docs/providers.md's views snippet as written, one view per line
/// chosen by the TSIG key, and <c>dig -b</c> from each view's client network seeing that view's set.</summary>
public sealed class BindViewsEndToEndTests : IAsyncLifetime
{
    private const string Name = "home." + BindViewsServer.Zone;
    private const string TelecomClient = "127.0.31.5";
    private const string UnicomClient = "127.0.32.5";
    private const string OtherClient = "127.0.0.1";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 150}")))];
    private BindViewsServer? _bind;
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BindViewsServer Bind => _bind!;

    private string Ct1 => _listeners[0].Address.ToString();

    private string Cu => _listeners[1].Address.ToString();

    private string Cm => _listeners[2].Address.ToString();

    public async ValueTask InitializeAsync()
    {
        var snippet = DocSnippet.Get("docs/providers.md", "# BIND views (named.conf)");
        _bind = await BindViewsServer.StartAsync(
            snippet,
            new Dictionary<string, string> { ["198.51.100.0/24"] = "127.0.31.0/24", ["203.0.113.0/24"] = "127.0.32.0/24" },
            Ct);
    }

    [Fact]
    public async Task EachViewServesItsLine_ThroughFailoverOfTheTelecomSourceAndBack()
    {
        WriteConfig();
        var (code, output, error) = await CommandLineTests.InvokeAsync("check-config", "--config", _config!.Path);
        Assert.True(code == 0, output + error); // authority, key and policy checked in every view
        (_app, var target) = await TestHost.StartAsync(_config.Path);

        await UntilAsync(target, async () => await SeesAsync(TelecomClient, Ct1) && await SeesAsync(UnicomClient, Cu) && await SeesAsync(OtherClient, Ct1, Cu, Cm));

        _listeners[0].Close(); // the telecom broadband dies: telecom's users get the default set
        await UntilAsync(target, async () => await SeesAsync(TelecomClient, Cu, Cm) && await SeesAsync(OtherClient, Cu, Cm));
        Assert.True(await SeesAsync(UnicomClient, Cu));

        _listeners[0].Open();
        await UntilAsync(target, async () => await SeesAsync(TelecomClient, Ct1) && await SeesAsync(OtherClient, Ct1, Cu, Cm));
        Assert.True(await SeesAsync(UnicomClient, Cu));
    }

    [Fact]
    public async Task CheckConfig_ALineWithoutAViewKey_AndKnotLikeProviders_AreRefusedWithTheReason()
    {
        WriteConfig(withUnicomKey: false);

        var (code, _, error) = await CommandLineTests.InvokeAsync("check-config", "--offline", "--config", _config!.Path);

        Assert.Equal(2, code);
        Assert.Contains("Targets[0].Lines.unicom: provider 'bind' (Rfc2136) cannot hold line 'unicom': lines through RFC 2136 are BIND views chosen by the TSIG key, and the provider has no key for 'unicom'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_AViewWhosePolicyDoesNotGrantTheName_StopsStartUp_NamingTheView()
    {
        await Bind.DisposeAsync();
        var snippet = DocSnippet.Get("docs/providers.md", "# BIND views (named.conf)")
            .Replace("grant aliddnsha-unicom name home.example.com.", "grant aliddnsha-unicom name other.example.com.", StringComparison.Ordinal);
        _bind = await BindViewsServer.StartAsync(snippet, new Dictionary<string, string>(), Ct);
        WriteConfig();

        var (code, _, error) = await CommandLineTests.InvokeAsync("check-config", "--config", _config!.Path);

        Assert.Equal(2, code);
        Assert.Contains($"the key aliddnsha-unicom is accepted but may not change {Name} A: grant it in the server's policy ({Bind.Server} answered REFUSED in the view of line unicom)", error, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config?.Dispose();
        if (_bind is not null)
        {
            await _bind.DisposeAsync();
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private void WriteConfig(bool withUnicomKey = true)
    {
        var unicom = withUnicomKey ? $"\n      unicom:  {{ TsigSecretFile: \"{Bind.KeyFile("aliddnsha-unicom")}\" }}" : "";
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              bind:
                Type: Rfc2136
                Server: "{{Bind.Server}}"
                Zone: example.com
                TsigSecretFile: "{{Bind.KeyFile("aliddnsha")}}"
                Lines:
                  telecom: { TsigSecretFile: "{{Bind.KeyFile("aliddnsha-telecom")}}" }{{unicom}}
            Targets:
              - Name: {{Name}}
                Provider: bind
                Ttl: 60
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
                  - { Name: ct, Address: {{Ct1}}, Port: {{_listeners[0].Port}} }
                  - { Name: cu, Address: {{Cu}}, Port: {{_listeners[1].Port}} }
                  - { Name: cm, Address: {{Cm}}, Port: {{_listeners[2].Port}} }
                Lines:
                  telecom: [ ct ]
                  unicom: [ cu ]
            """);
    }

    /// <summary>True when a client asking from <paramref name="client"/> gets exactly <paramref name="addresses"/>.</summary>
    private async Task<bool> SeesAsync(string client, params string[] addresses) =>
        (await Bind.DigFromAsync(client, Name, Ct)).SequenceEqual(addresses.Order(StringComparer.Ordinal));

    /// <summary>Polls dig (another process) reconcile by reconcile, within a bound.</summary>
    private static async Task UntilAsync(TargetController target, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within 30 s; status: {System.Text.Json.JsonSerializer.Serialize(target.GetStatus().Lines)}");
            var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnPass(TargetController _) => passed.TrySetResult();
            target.Reconciled += OnPass;
            try
            {
                await passed.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct).ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            finally
            {
                target.Reconciled -= OnPass;
            }
        }
    }
}
