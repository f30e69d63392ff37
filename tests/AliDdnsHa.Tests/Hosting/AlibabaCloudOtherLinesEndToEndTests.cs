// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>A record set is (name, type, line): records a user made by hand on other lines of the name are theirs, and
/// no phase of the controller's life reads them as its own, changes them or deletes them.</summary>
public sealed class AlibabaCloudOtherLinesEndToEndTests : IAsyncDisposable
{
    private const string Zone = "example.com";
    private const string Rr = "home";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 60}")))];
    private readonly AlidnsEmulator _emulator = new();
    private readonly HttpClient _http = new();
    private TempConfig? _config;
    private WebApplication? _app;

    public AlibabaCloudOtherLinesEndToEndTests()
    {
        _emulator.AddKey("LTAI5tTestKeyId0002", "otherlines-secret");
        _emulator.AddDomain(Zone);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] All => [.. _listeners.Select(l => l.Address.ToString())];

    private FailoverController Controller => _app!.Services.GetRequiredService<FailoverController>();

    [Fact]
    public async Task HandMadeRecordsOnOtherLines_KeepIdValueLineStatusAndTtl_ThroughEveryPhase()
    {
        // What the issue measured on main: these two were deleted at the first pass.
        _emulator.Seed(Zone, Rr, "198.51.100.9", ttl: 900, line: "telecom");
        _emulator.Seed(Zone, Rr, "203.0.113.7", ttl: 1200, line: "unicom", status: "DISABLE");
        _emulator.Seed(Zone, Rr, "2001:db8::7", "AAAA", ttl: 600, line: "mobile");
        _emulator.Seed(Zone, Rr, "192.0.2.77", ttl: 3600, line: "edu");
        var theirs = _emulator.Records(Zone).ToDictionary(r => r.RecordId);
        var target = await StartAsync(timeout: "250ms");

        await UntilAsync(target, () => Published().SequenceEqual(All));
        AssertUntouched(theirs, "start-up");

        _listeners[2].Close();
        await UntilAsync(target, () => Published().SequenceEqual(All[..2]));
        AssertUntouched(theirs, "failover");

        _listeners[2].Open();
        await UntilAsync(target, () => Published().SequenceEqual(All));
        AssertUntouched(theirs, "recovery");

        foreach (var listener in _listeners)
        {
            listener.Close();
        }

        await UntilAsync(target, () => target.GetStatus().AllDown && Published().SequenceEqual(All));
        AssertUntouched(theirs, "all down");

        var reads = _emulator.Count("DescribeSubDomainRecords");
        await UntilAsync(target, () => _emulator.Count("DescribeSubDomainRecords") > reads); // ResyncInterval: 1s
        AssertUntouched(theirs, "resync");

        foreach (var listener in _listeners)
        {
            listener.Open();
        }

        await File.WriteAllTextAsync(_config!.Path, Config(timeout: "300ms"), Ct);
        using (var reloaded = await _http.PostAsync(_app!.Url("/-/reload"), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        }

        var rebuilt = Controller.Targets.Single();
        Assert.NotSame(target, rebuilt);
        await UntilAsync(rebuilt, () => rebuilt.HasSynced && Published().SequenceEqual(All));
        AssertUntouched(theirs, "reload");

        // Every read asked for the default line; every write of ours named it; the line-blind bulk delete never ran.
        Assert.All(_emulator.Requests.Where(r => r.Action == "DescribeSubDomainRecords"), r => Assert.Equal("default", r.Parameters["Line"]));
        Assert.All(_emulator.Requests.Where(r => r.Action is "AddDomainRecord" or "UpdateDomainRecord"), r => Assert.Equal("default", r.Parameters["Line"]));
        Assert.DoesNotContain(_emulator.Requests, r => r.Parameters.TryGetValue("RecordId", out var id) && theirs.ContainsKey(id));
        Assert.Equal(0, _emulator.Count("DeleteSubDomainRecords"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config?.Dispose();
        _emulator.Dispose();
        _http.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private void AssertUntouched(Dictionary<string, EmulatedRecord> theirs, string phase)
    {
        var now = _emulator.Records(Zone).ToDictionary(r => r.RecordId);
        foreach (var (id, record) in theirs)
        {
            Assert.True(now.TryGetValue(id, out var current), $"{phase}: {record.Line} record {record.Value} was deleted");
            Assert.Equal(record, current);
        }
    }

    private async Task<TargetController> StartAsync(string timeout)
    {
        _config = new TempConfig(Config(timeout));
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        return target;
    }

    private string Config(string timeout) => $$"""
        Urls: http://127.0.0.1:0
        Web: { EnableLifecycle: true }
        Providers:
          ali: { Type: AlibabaCloud, Endpoint: "{{_emulator.Endpoint}}", AccessKeyId: LTAI5tTestKeyId0002, AccessKeySecret: otherlines-secret, MaxAttempts: 3, RetryBudget: 2s }
        Targets:
          - Name: home.example.com
            Zone: example.com
            Provider: ali
            Ttl: 600
            ResyncInterval: 1s
            Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: {{timeout}} }
            Sources:
              - { Name: wan1, Address: {{_listeners[0].Address}}, Port: {{_listeners[0].Port}} }
              - { Name: wan2, Address: {{_listeners[1].Address}}, Port: {{_listeners[1].Port}} }
              - { Name: wan3, Address: {{_listeners[2].Address}}, Port: {{_listeners[2].Port}} }
        """;

    private IReadOnlyList<string> Published() => _emulator.Values(Zone, Rr);

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
