// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Vantages;

/// <summary>A line judged by a vantage of its own: a real blackbox_exporter standing in for a VPS inside the mobile
/// network. It dials from its own loopback address, so an iptables rule on that address makes the mobile broadband
/// unreachable from it alone: withdrawn from the mobile line, kept on the default line.</summary>
public sealed class LineVantageEndToEndTests : IAsyncDisposable
{
    private const string Zone = "example.com";

    private readonly List<LoopbackListener> _endpoints = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.10.{i + 10}")))];
    private readonly AlidnsEmulator _emulator = new();
    private readonly List<IReadOnlyList<string>> _mobileStates = [];
    private BlackboxExporter? _mobileVps;
    private TempConfig? _config;
    private WebApplication? _app;

    public LineVantageEndToEndTests()
    {
        _emulator.AddKey("LTAI5tLineVantage", "line-vantage-secret");
        _emulator.AddDomain(Zone);
        _emulator.OnChange = (_, rr, line, values) =>
        {
            if (rr == "home" && line == "mobile")
            {
                lock (_mobileStates)
                {
                    _mobileStates.Add(values);
                }
            }
        };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] All => [.. _endpoints.Select(l => l.Address.ToString())];

    [Fact]
    public async Task TheMobileLinesVantage_SeesCmDead_WithdrawsItFromTheMobileLineOnly_AndBack()
    {
        _mobileVps = await BlackboxExporter.StartAsync(IPAddress.Parse("127.0.10.2"), cancellationToken: Ct);
        var target = await StartAsync();
        await UntilAsync(target, () => Holds("default", All) && Holds("mobile", All[2]) && Holds("telecom", All[0]));

        await using (await SourceReject.AddAsync(_mobileVps.SourceAddress!, _endpoints[2].EndPoint, Ct))
        {
            // Seen from inside the mobile network cm is dead; from home it answers.
            await UntilAsync(target, () => Holds("mobile", All[0], All[1]));
            Assert.True(Holds("default", All));
            Assert.True(Holds("telecom", All[0]));
            var cm = target.GetStatus().Sources[2].Endpoints.Single();
            Assert.Equal("Up", cm.State);
            Assert.Equal(["home Up", "mobile-vps Down"], cm.Vantages.Select(v => $"{v.Vantage} {v.Vote}"));
            Assert.Equal(["home"], target.GetStatus().Sources[0].Endpoints.Single().Vantages.Select(v => v.Vantage));
            Assert.True(target.GetStatus().Lines!.Single(l => l.Line == "mobile").Fallback);
        }

        await UntilAsync(target, () => Holds("mobile", All[2]));
        lock (_mobileStates)
        {
            Assert.All(_mobileStates, s => Assert.NotEmpty(s));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        if (_mobileVps is not null)
        {
            await _mobileVps.DisposeAsync();
        }

        _config?.Dispose();
        _emulator.Dispose();
        foreach (var listener in _endpoints)
        {
            listener.Dispose();
        }
    }

    private async Task<TargetController> StartAsync()
    {
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              ali: { Type: AlibabaCloud, Endpoint: "{{_emulator.Endpoint}}", AccessKeyId: LTAI5tLineVantage, AccessKeySecret: line-vantage-secret }
            Vantages:
              home: { Type: Local }
              mobile-vps: { Type: Blackbox, Url: "{{_mobileVps!.Url}}", Module: tcp_connect }
            Targets:
              - Name: home.example.com
                Zone: example.com
                Provider: ali
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 300ms, FailureThreshold: 3, SuccessThreshold: 2 }
                Sources:
            {{string.Join("\n", _endpoints.Select((l, i) => $"      - {{ Name: {new[] { "ct", "cu", "cm" }[i]}, Address: {l.Address}, Port: {l.Port} }}"))}}
                Lines:
                  telecom: [ ct ]
                  mobile: { Sources: [ cm ], Vantages: [ mobile-vps ] }
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        return target;
    }

    private bool Holds(string line, params string[] values) =>
        _emulator.Values(Zone, "home", line: line).SequenceEqual(values.Order(StringComparer.Ordinal));

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
