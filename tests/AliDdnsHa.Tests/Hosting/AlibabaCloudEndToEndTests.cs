// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>The controller against the Alidns emulator, with real listeners on 127.0.0.x.</summary>
public sealed class AlibabaCloudEndToEndTests : IAsyncDisposable
{
    private const string Secret = "Sup3rSecretAccessKeyValue";
    private const string Zone = "example.com";
    private const string Rr = "home";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 30}")))];
    private readonly AlidnsEmulator _emulator = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly HttpClient _http = new();
    private readonly List<IReadOnlyList<string>> _states = [];
    private TempConfig? _config;
    private WebApplication? _app;

    public AlibabaCloudEndToEndTests()
    {
        _emulator.AddKey("LTAI5tTestKeyId0001", Secret);
        _emulator.AddDomain(Zone);
        _emulator.OnChange = (_, rr, line, values) =>
        {
            if (rr == Rr && line == "default")
            {
                lock (_states)
                {
                    _states.Add(values);
                }
            }
        };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] All => [.. _listeners.Select(l => l.Address.ToString())];

    [Fact]
    public async Task Run_ConvergesToTheHealthySet_AndRemovesAClosedListener()
    {
        _emulator.Seed(Zone, Rr, "198.51.100.66"); // a stale record from an old script
        var target = await StartAsync();
        await UntilAsync(target, () => Published().SequenceEqual(All));

        _listeners[2].Close();
        await UntilAsync(target, () => Published().SequenceEqual(All[..2]));

        Assert.DoesNotContain(_emulator.Records(Zone), r => r.Value == "198.51.100.66");
        AssertNeverEmpty();
    }

    [Fact]
    public async Task Run_DisableMode_DisablesAndReenablesTheSameRecord()
    {
        var target = await StartAsync(removeMode: "Disable");
        await UntilAsync(target, () => Published().SequenceEqual(All));
        var id = _emulator.Records(Zone).Single(r => r.Value == All[1]).RecordId;

        _listeners[1].Close();
        await UntilAsync(target, () => Published().SequenceEqual([All[0], All[2]]));
        Assert.Equal("DISABLE", _emulator.Records(Zone).Single(r => r.RecordId == id).Status);

        _listeners[1].Open();
        await UntilAsync(target, () => Published().SequenceEqual(All));
        Assert.Equal(3, _emulator.Records(Zone).Count);
        Assert.Equal("ENABLE", _emulator.Records(Zone).Single(r => r.RecordId == id).Status);
    }

    [Fact]
    public async Task Run_AllDown_PublishAllKeepsEveryAddress()
    {
        var target = await StartAsync();
        await UntilAsync(target, () => Published().SequenceEqual(All));

        _listeners[0].Close();
        await UntilAsync(target, () => Published().SequenceEqual(All[1..]));
        _listeners[1].Close();
        _listeners[2].Close();
        await UntilAsync(target, () => target.GetStatus().AllDown && Published().SequenceEqual(All));
        AssertNeverEmpty();
    }

    [Fact]
    public async Task Run_ThrottlingBurstAnd5xxStorm_EndConvergedWithNothingLostOrDuplicated()
    {
        _emulator.Throttle(count: 6, retryAfterMs: 10);
        _emulator.Fail("ServiceUnavailable", 503, count: 6);
        _emulator.Fail("InternalError", 500, count: 3, action: "AddDomainRecord");
        var target = await StartAsync();
        await UntilAsync(target, () => Published().SequenceEqual(All));

        _emulator.Fail("InternalError", 500, count: 8, action: "DeleteDomainRecord");
        _listeners[0].Close();
        await UntilAsync(target, () => Published().SequenceEqual(All[1..]));

        var records = _emulator.Records(Zone);
        Assert.Equal(2, records.Count);
        Assert.Equal(records.Count, records.Select(r => r.Value).Distinct().Count());
        AssertNeverEmpty();
    }

    [Fact]
    public async Task Run_RecordSource_IsReadThroughAlidns()
    {
        _emulator.Seed(Zone, "dns2", _listeners[1].Address.ToString());
        var target = await StartAsync(secondAsRecord: true);

        await UntilAsync(target, () => Published().SequenceEqual(All));

        Assert.Equal("Record", target.GetStatus().Sources[1].Kind);
    }

    [Fact]
    public async Task Run_WrongSecret_ChangesNothingAndIsReportedOnce()
    {
        _emulator.Seed(Zone, Rr, "198.51.100.66");
        var target = await StartAsync(secret: "not-the-secret-at-all");

        await UntilAsync(target, () => target.GetStatus().LastReconcile?.ErrorCode == "SignatureDoesNotMatch");

        Assert.Equal(["198.51.100.66"], Published());
        var status = target.GetStatus().LastReconcile!;
        Assert.Contains("AccessKeySecret", status.Hint, StringComparison.Ordinal);
        var logged = _logs.Collector.GetSnapshot().Where(r => r.Id.Name == "ProviderConfigurationError").ToList();
        Assert.Single(logged);
        Assert.Contains("SignatureDoesNotMatch", logged[0].Message, StringComparison.Ordinal);
        Assert.Contains("RequestId", logged[0].Message, StringComparison.Ordinal);
        var readyz = await _http.GetAsync(Url("/readyz"), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode); // never read the provider successfully
        var metrics = await _http.GetStringAsync(Url("/metrics"), Ct);
        Assert.Contains("aliddnsha_provider_requests_total{provider=\"ali\",operation=\"DescribeSubDomainRecords\",result=\"SignatureDoesNotMatch\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProviderOutageAfterSync_IsDegradedAndRecovers()
    {
        var target = await StartAsync();
        await UntilAsync(target, () => Published().SequenceEqual(All));

        _emulator.Fail("ServiceUnavailable", 503, count: 1000);
        _listeners[0].Close();
        await UntilAsync(target, () => target.ProviderFailing);
        var degraded = await _http.GetAsync(Url("/readyz"), Ct);
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.StartsWith("Degraded", await degraded.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(All, Published()); // left as it stands

        _emulator.ClearFaults();
        await UntilAsync(target, () => Published().SequenceEqual(All[1..]));
        Assert.StartsWith("Healthy", await _http.GetStringAsync(Url("/readyz"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_NeverAppearInLogsMetricsOrStatus()
    {
        var target = await StartAsync();
        await UntilAsync(target, () => Published().SequenceEqual(All));
        _emulator.Fail("SignatureDoesNotMatch", 400, count: 1000);
        _listeners[0].Close();
        await UntilAsync(target, () => target.GetStatus().LastReconcile?.ErrorCode == "SignatureDoesNotMatch");

        var logs = string.Join('\n', _logs.Collector.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        var metrics = await _http.GetStringAsync(Url("/metrics"), Ct);
        var status = await _http.GetStringAsync(Url("/api/status"), Ct);
        var options = _app!.Services.GetRequiredService<AliDdnsHaOptions>().ToString() + string.Join(",", _app.Services.GetRequiredService<AliDdnsHaOptions>().Providers);

        foreach (var text in new[] { logs, metrics, status, options })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("LTAI5tTestKeyId0001", text, StringComparison.Ordinal);
        }

        Assert.NotEmpty(logs);
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

    private async Task<TargetController> StartAsync(string removeMode = "Delete", string secret = Secret, bool secondAsRecord = false)
    {
        var second = secondAsRecord
            ? $"{{ Name: wan2, Record: dns2.example.com, Port: {_listeners[1].Port} }}"
            : $"{{ Name: wan2, Address: {_listeners[1].Address}, Port: {_listeners[1].Port} }}";
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              ali: { Type: AlibabaCloud, Endpoint: "{{_emulator.Endpoint}}", AccessKeyId: LTAI5tTestKeyId0001, AccessKeySecret: "{{secret}}", MaxAttempts: 3, RetryBudget: 2s }
            Targets:
              - Name: home.example.com
                Zone: example.com
                Provider: ali
                Ttl: 600
                RemoveMode: {{removeMode}}
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
                  - { Name: wan1, Address: {{_listeners[0].Address}}, Port: {{_listeners[0].Port}} }
                  - {{second}}
                  - { Name: wan3, Address: {{_listeners[2].Address}}, Port: {{_listeners[2].Port}} }
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path, services => services.AddSingleton<ILoggerProvider>(_logs));
        return target;
    }

    private IReadOnlyList<string> Published() => _emulator.Values(Zone, Rr);

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);

    /// <summary>Every state the record set passed through held at least one address.</summary>
    private void AssertNeverEmpty()
    {
        lock (_states)
        {
            Assert.NotEmpty(_states);
            Assert.All(_states, s => Assert.NotEmpty(s));
        }
    }

    private Uri Url(string path) => _app!.Url(path);
}
