// Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>The controller against a real BIND named (TSIG-signed RFC 2136 updates), with real listeners on 127.0.0.x,
/// checked with dig as a client would see it.</summary>
public sealed class Rfc2136EndToEndTests : IAsyncLifetime
{
    private const string Name = "home." + BindServer.Zone;

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 70}")))];
    private readonly FakeLoggerProvider _logs = new();
    private readonly HttpClient _http = new();
    private BindServer? _bind;
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BindServer Bind => _bind!;

    private string[] All => [.. _listeners.Select(l => l.Address.ToString())];

    public async ValueTask InitializeAsync() => _bind = await BindServer.StartAsync(cancellationToken: Ct);

    [Fact]
    public async Task Run_DigAnswersExactlyTheHealthySet_AndAClosedListenerDisappears()
    {
        await Bind.NsupdateAsync($"update add {Name} 60 A 198.51.100.66", Ct); // a stale record from an old script
        var target = await StartAsync();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));
        Assert.Equal(All, await Bind.DigAsync(Name, cancellationToken: Ct));

        var closed = Stopwatch.StartNew();
        _listeners[1].Close();
        while ((await Bind.DigAsync(Name, cancellationToken: Ct)).Contains(All[1]))
        {
            Assert.True(closed.Elapsed < TimeSpan.FromSeconds(30), "the closed listener's address was never withdrawn");
            await Task.Delay(20, Ct); // dig is another process: poll it, as a client would
        }

        var failover = closed.Elapsed;
        Assert.Equal([All[0], All[2]], await Bind.DigAsync(Name, cancellationToken: Ct));
        Measurements.Report(
            $"RFC 2136 + BIND failover (listener closed -> dig no longer returns its address): {failover.TotalMilliseconds:F0} ms (Interval 500ms, FastInterval 100ms, FailureThreshold 3: confirmed Down after at most 500 + 2 x 100 ms, then one UPDATE)");

        _listeners[1].Open();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));
        Assert.Equal(All, await Bind.DigAsync(Name, cancellationToken: Ct));
        var metrics = await _http.GetStringAsync(Url("/metrics"), Ct);
        Assert.Contains("aliddnsha_provider_requests_total{provider=\"bind\",operation=\"update\",result=\"ok\"}", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_failover_duration_seconds_count{{target=\"{Name}\",line=\"default\"}} 1", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PublishAll")]
    [InlineData("Empty")]
    public async Task Run_AllListenersClose_DigFollowsWhenAllDown(string policy)
    {
        var target = await StartAsync(whenAllDown: policy);
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));

        foreach (var listener in _listeners)
        {
            listener.Close();
        }

        await UntilAsync(target, () => target.GetStatus().AllDown && target.GetStatus().Published.SequenceEqual(policy == "Empty" ? [] : All));
        Assert.Equal(policy == "Empty" ? [] : All, await Bind.DigAsync(Name, cancellationToken: Ct));
    }

    [Fact]
    public async Task Run_WrongSecret_IsRefusedChangesNothingAndIsReportedOnce()
    {
        await Bind.NsupdateAsync($"update add {Name} 60 A 198.51.100.66", Ct);
        var target = await StartAsync(secret: Convert.ToBase64String(new byte[32]));

        await UntilAsync(target, () => target.GetStatus().LastReconcile?.ErrorCode == "BADSIG");

        Assert.Equal(["198.51.100.66"], await Bind.DigAsync(Name, cancellationToken: Ct));
        Assert.Contains("TsigSecret does not match", target.GetStatus().LastReconcile!.Hint, StringComparison.Ordinal);
        Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Name == "ProviderConfigurationError" && r.Message.Contains("BADSIG", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync(Url("/readyz"), Ct)).StatusCode);
        Assert.Contains(
            "aliddnsha_provider_requests_total{provider=\"bind\",operation=\"query\",result=\"BADSIG\"}",
            await _http.GetStringAsync(Url("/metrics"), Ct),
            StringComparison.Ordinal);
        Assert.Contains("tsig verify failure", Bind.Log, StringComparison.Ordinal); // named's side of the story
    }

    [Fact]
    public async Task Run_UnsignedUpdate_IsRefusedAndReported()
    {
        var target = await StartAsync(signed: false);

        await UntilAsync(target, () => target.GetStatus().LastReconcile?.ErrorCode == "REFUSED");

        Assert.Empty(await Bind.DigAsync(Name, cancellationToken: Ct));
        Assert.Contains("update-policy", target.GetStatus().LastReconcile!.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_NeverAppearInLogsMetricsOrStatus()
    {
        var target = await StartAsync();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));
        _listeners[0].Close();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All[1..]));

        var logs = string.Join('\n', _logs.Collector.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        var metrics = await _http.GetStringAsync(Url("/metrics"), Ct);
        var status = await _http.GetStringAsync(Url("/api/status"), Ct);
        foreach (var text in new[] { logs, metrics, status })
        {
            Assert.DoesNotContain(Bind.Secret, text, StringComparison.Ordinal);
        }

        Assert.NotEmpty(logs);
    }

    [Fact]
    public async Task Cli_CheckConfigAsksTheServer_AndRunRefusesAWrongSecretBeforeStarting()
    {
        using var good = Config(Bind.Secret, signed: true, whenAllDown: "PublishAll");
        var (okCode, okOutput, okError) = await CommandLineTests.InvokeAsync("check-config", "--config", good.Path);
        Assert.True(okCode == 0, okOutput + okError);

        using var bad = Config(Convert.ToBase64String(new byte[32]), signed: true, whenAllDown: "PublishAll");
        var (code, _, error) = await CommandLineTests.InvokeAsync("run", "--config", bad.Path);

        Assert.Equal(2, code);
        Assert.Contains("BADSIG", error, StringComparison.Ordinal);
        Assert.Contains("TsigSecret does not match", error, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config?.Dispose();
        _http.Dispose();
        _logs.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        if (_bind is not null)
        {
            await _bind.DisposeAsync();
        }
    }

    private async Task<TargetController> StartAsync(string? secret = null, bool signed = true, string whenAllDown = "PublishAll")
    {
        _config = Config(secret ?? Bind.Secret, signed, whenAllDown);
        (_app, var target) = await TestHost.StartAsync(_config.Path, services => services.AddSingleton<ILoggerProvider>(_logs));
        return target;
    }

    private TempConfig Config(string secret, bool signed, string whenAllDown)
    {
        var key = signed ? $", TsigKeyName: {BindServer.KeyName}, TsigSecret: \"{secret}\"" : "";
        return new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              bind: { Type: Rfc2136, Server: "{{Bind.Server}}", Zone: {{BindServer.Zone}}{{key}}, Timeout: 2s }
            Targets:
              - Name: {{Name}}
                Provider: bind
                Ttl: 30
                WhenAllDown: {{whenAllDown}}
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
            {{string.Join('\n', _listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
            """);
    }

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);

    private Uri Url(string path) => _app!.Url(path);
}
