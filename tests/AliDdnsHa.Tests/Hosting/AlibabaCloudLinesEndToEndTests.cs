// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>ISP lines (解析线路) against the Alidns emulator with real listeners: three ISPs' broadband, a line each, and
/// a user's own record on a line the target does not manage.</summary>
public sealed class AlibabaCloudLinesEndToEndTests : IAsyncDisposable
{
    private const string Zone = "example.com";
    private const string Rr = "home";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 140}")))];
    private readonly AlidnsEmulator _emulator = new();
    private readonly Dictionary<string, List<IReadOnlyList<string>>> _states = [];
    private TempConfig? _config;
    private WebApplication? _app;

    public AlibabaCloudLinesEndToEndTests()
    {
        _emulator.AddKey("LTAI5tLinesKeyId", "lines-secret");
        _emulator.AddDomain(Zone);
        _emulator.OnChange = (_, rr, line, values) =>
        {
            if (rr == Rr)
            {
                lock (_states)
                {
                    (_states.TryGetValue(line, out var list) ? list : _states[line] = []).Add(values);
                }
            }
        };
    }

    private string Ct => _listeners[0].Address.ToString();

    private string Cu => _listeners[1].Address.ToString();

    private string Cm => _listeners[2].Address.ToString();

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public async Task Lines_Converge_FallBackNeverEmpty_AndComeBack_WithOtherLinesUntouched(double throttleRate)
    {
        var mobile = _emulator.Seed(Zone, Rr, "198.51.100.50", ttl: 1200, line: "mobile"); // the user's own, by hand
        _emulator.ThrottleRate = throttleRate;
        var target = await StartAsync();

        await UntilAsync(target, () => Holds("default", Ct, Cu, Cm) && Holds("telecom", Ct) && Holds("unicom", Cu) && Holds("edu", Ct, Cu));
        var unicomRecords = LineRecords("unicom");

        _listeners[0].Close(); // ct, the telecom broadband, dies
        await UntilAsync(target, () => Holds("telecom", Cu, Cm) && Holds("edu", Cu) && Holds("default", Cu, Cm));
        var telecom = target.GetStatus().Lines!.Single(l => l.Line == "telecom");
        Assert.True(telecom.Fallback, "telecom should be on the default line's set");
        Assert.Equal(unicomRecords, LineRecords("unicom")); // unicom untouched: same ids, values, TTLs

        _listeners[0].Open();
        await UntilAsync(target, () => Holds("telecom", Ct) && Holds("edu", Ct, Cu) && Holds("default", Ct, Cu, Cm));
        Assert.False(target.GetStatus().Lines!.Single(l => l.Line == "telecom").Fallback);

        Assert.Equal(unicomRecords, LineRecords("unicom"));
        var untouched = _emulator.Records(Zone).Single(r => r.RecordId == mobile);
        Assert.Equal(("198.51.100.50", "mobile", 1200, "ENABLE"), (untouched.Value, untouched.Line, untouched.Ttl, untouched.Status));
        Assert.Empty(_emulator.Rejected); // every request was one Alidns accepts (throttling aside)
        Assert.Equal(throttleRate > 0, _emulator.Throttled > 0);
        AssertNeverEmpty("default", "telecom", "unicom", "edu");
        Assert.Equal(0, _emulator.Count("DeleteSubDomainRecords"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config?.Dispose();
        _emulator.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private async Task<TargetController> StartAsync()
    {
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              ali: { Type: AlibabaCloud, Endpoint: "{{_emulator.Endpoint}}", AccessKeyId: LTAI5tLinesKeyId, AccessKeySecret: lines-secret, MaxAttempts: 6, RetryBudget: 5s }
            Targets:
              - Name: home.example.com
                Zone: example.com
                Provider: ali
                Ttl: 600
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
                  - { Name: ct, Address: {{Ct}}, Port: {{_listeners[0].Port}} }
                  - { Name: cu, Address: {{Cu}}, Port: {{_listeners[1].Port}} }
                  - { Name: cm, Address: {{Cm}}, Port: {{_listeners[2].Port}} }
                Lines:
                  telecom: [ ct ]
                  unicom: [ cu ]
                  edu: [ ct, cu ]
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        return target;
    }

    /// <summary>True when the line holds exactly these enabled values.</summary>
    private bool Holds(string line, params string[] values) =>
        _emulator.Values(Zone, Rr, line: line).SequenceEqual(values.Order(StringComparer.Ordinal));

    private IReadOnlyList<EmulatedRecord> LineRecords(string line) => [.. _emulator.Records(Zone).Where(r => r.Line == line).OrderBy(r => r.RecordId, StringComparer.Ordinal)];

    private void AssertNeverEmpty(params string[] lines)
    {
        lock (_states)
        {
            foreach (var line in lines)
            {
                Assert.True(_states.ContainsKey(line), $"line {line} was never written");
                Assert.All(_states[line], s => Assert.True(s.Count > 0, $"line {line} was empty on the way"));
            }
        }
    }

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
