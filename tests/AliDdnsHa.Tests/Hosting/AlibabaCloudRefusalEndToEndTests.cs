// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>Coming from the old setup, against the Alidns emulator: a CNAME already at the name, a locked record, and
/// refusals that will not go away. Every test counts the provider's requests, so a retry storm fails it.</summary>
public sealed class AlibabaCloudRefusalEndToEndTests : IAsyncDisposable
{
    private const string Zone = "example.com";
    private const string Rr = "home";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 160}")))];
    private readonly AlidnsEmulator _emulator = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly HttpClient _http = new();
    private TempConfig? _config;
    private WebApplication? _app;

    public AlibabaCloudRefusalEndToEndTests()
    {
        _emulator.AddKey("LTAI5tRefusalKey", "refusal-secret");
        _emulator.AddDomain(Zone);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] All => [.. _listeners.Select(l => l.Address.ToString())];

    private FailoverController Controller => _app!.Services.GetRequiredService<FailoverController>();

    [Fact]
    public async Task CheckConfig_ACnameAtTheName_IsAnErrorThatSaysWhatToDo_AndWritesNothing()
    {
        _emulator.Seed(Zone, Rr, "dns1.example.com", "CNAME");
        WriteConfig(adoptCname: false);

        var (code, _, error) = await CommandLineTests.InvokeAsync("check-config", "--config", _config!.Path);

        Assert.Equal(2, code);
        Assert.Contains(
            "Targets[0].Name: home.example.com has CNAME dns1.example.com on line default — the CNAME setup this tool replaces: delete it, or set AdoptCname: true",
            error,
            StringComparison.Ordinal);
        Assert.DoesNotContain(_emulator.Requests, r => r.Action is "AddDomainRecord" or "DeleteDomainRecord" or "UpdateDomainRecord");
    }

    [Fact]
    public async Task CheckConfig_ALockedRecord_IsAWarningThatNamesIt()
    {
        _emulator.Seed(Zone, Rr, "198.51.100.7", locked: true);
        WriteConfig(adoptCname: false);

        var (code, output, _) = await CommandLineTests.InvokeAsync("check-config", "--config", _config!.Path);

        Assert.Equal(0, code);
        Assert.Contains("warning: Targets[0].Name: home.example.com has locked A record(s) on line default: 198.51.100.7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AdoptCname_ReplacesTheCnameWithTheHealthySet_DeleteThenAdds()
    {
        _emulator.Seed(Zone, Rr, "dns1.example.com", "CNAME");
        var target = await StartAsync(adoptCname: true);

        await UntilAsync(target, () => Published().SequenceEqual(All));

        Assert.DoesNotContain(_emulator.Records(Zone), r => r.Type == "CNAME");
        var writes = _emulator.Requests.Where(r => r.Action is "AddDomainRecord" or "DeleteDomainRecord").Select(r => r.Action).ToList();
        Assert.Equal(["DeleteDomainRecord", "AddDomainRecord", "AddDomainRecord", "AddDomainRecord"], writes);
        Assert.Single(Controller.Events.Since(0, 100), e => e.Kind == "cname_adopted");
        var adopted = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Name == "CnameAdopted");
        Assert.Contains("the name had no record for", adopted.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Rejected);
    }

    [Fact]
    public async Task Run_ACnameAddedInTheConsoleWhileRunning_IsBlockedAndToldOnce_NotRetried()
    {
        var target = await StartAsync(adoptCname: false);
        await UntilAsync(target, () => Published().SequenceEqual(All));

        // Back to the old setup by hand: the A records go, a CNAME takes the name. Then a line dies, so the
        // controller must write: it reads, plans adds, and Alidns refuses them.
        _emulator.Remove(Zone, r => r.RR == Rr && r.Type == "A");
        _emulator.Seed(Zone, Rr, "dns1.example.com", "CNAME");
        _listeners[2].Close();
        await UntilAsync(target, () => target.GetStatus().Blocked is not null);
        var adds = _emulator.Count("AddDomainRecord");

        await PassesAsync(target, 10); // 10 passes: no storm

        Assert.Equal(adds, _emulator.Count("AddDomainRecord"));
        var blocked = target.GetStatus().Blocked!;
        Assert.Equal("DomainRecordConflict", blocked.Code);
        Assert.Equal("home.example.com has CNAME dns1.example.com on line default — the CNAME setup this tool replaces: delete it, or set AdoptCname: true", blocked.Message);
        Assert.Single(Controller.Events.Since(0, 100), e => e.Kind == "blocked");
        var metrics = await _http.GetStringAsync(_app!.Url("/metrics"), Ct);
        Assert.Contains($"aliddnsha_target_blocked{{target=\"home.example.com\",line=\"default\",reason=\"DomainRecordConflict\"}} 1", metrics, StringComparison.Ordinal);
        using var ready = await _http.GetAsync(_app!.Url("/readyz"), Ct);
        Assert.Contains("blocked, the provider refuses the change: home.example.com (DomainRecordConflict)", await ready.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ALockedRecordWithADeadAddress_StaysAndIsShown_NeverTouched()
    {
        var locked = _emulator.Seed(Zone, Rr, All[1], locked: true);
        var target = await StartAsync(adoptCname: false);
        await UntilAsync(target, () => Published().SequenceEqual(All));

        _listeners[1].Close();
        _listeners[2].Close();
        await UntilAsync(target, () => Published().SequenceEqual(All[..2]) && target.GetStatus().CannotWithdraw is [_]);
        await PassesAsync(target, 5);

        Assert.Equal([All[1]], target.GetStatus().CannotWithdraw);
        Assert.DoesNotContain(_emulator.Requests, r => r.Parameters.TryGetValue("RecordId", out var id) && id == locked);
        Assert.Empty(_emulator.Rejected);
        using var ready = await _http.GetAsync(_app!.Url("/readyz"), Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains($"cannot withdraw: locked: {All[1]} of home.example.com", await ready.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AQuotaError_IsBlockedOnce_AndTheRestIsPublished()
    {
        _emulator.RecordCap = 2;
        var target = await StartAsync(adoptCname: false);

        await UntilAsync(target, () => target.GetStatus().Blocked is { Code: "QuotaExceeded.ARecord" });
        var adds = _emulator.Count("AddDomainRecord");
        await PassesAsync(target, 10);

        Assert.Equal(adds, _emulator.Count("AddDomainRecord"));
        Assert.Equal(2, Published().Count);
        Assert.Single(Controller.Events.Since(0, 100), e => e.Kind == "blocked");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config?.Dispose();
        _emulator.Dispose();
        _http.Dispose();
        _logs.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private void WriteConfig(bool adoptCname) => _config = new TempConfig($$"""
        Urls: http://127.0.0.1:0
        Providers:
          ali: { Type: AlibabaCloud, Endpoint: "{{_emulator.Endpoint}}", AccessKeyId: LTAI5tRefusalKey, AccessKeySecret: refusal-secret, MaxAttempts: 3, RetryBudget: 2s }
        Targets:
          - Name: home.example.com
            Zone: example.com
            Provider: ali
            Ttl: 600
            AdoptCname: {{(adoptCname ? "true" : "false")}}
            ResyncInterval: 1h
            Probe: { Interval: 300ms, FastInterval: 100ms, Timeout: 200ms }
            Sources:
        {{string.Join("\n", _listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
        """);

    private async Task<TargetController> StartAsync(bool adoptCname)
    {
        WriteConfig(adoptCname);
        (_app, var target) = await TestHost.StartAsync(_config!.Path, services => services.AddSingleton<ILoggerProvider>(_logs));
        return target;
    }

    private IReadOnlyList<string> Published() => _emulator.Values(Zone, Rr);

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);

    /// <summary>Waits for <paramref name="count"/> more reconcile passes.</summary>
    private static async Task PassesAsync(TargetController target, int count)
    {
        var passes = 0;
        await ReconcileWait.UntilAsync(target, () => ++passes > count);
    }
}
