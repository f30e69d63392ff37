// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Tests.Vantages;

/// <summary>
/// The controller judged from three vantages on one machine: itself (Local) and two real blackbox_exporters. Each
/// exporter dials from its own loopback address, so an iptables rule on that address makes an endpoint unreachable
/// from that exporter alone: the hairpin-NAT case (the home sees its own line, the outside does not).
/// </summary>
public sealed class BlackboxVantageEndToEndTests : IAsyncDisposable
{
    private const string Name = "home.example.com";

    private readonly List<LoopbackListener> _endpoints = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.9.{i + 10}")))];
    private readonly List<LoopbackListener> _canaries = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.9.{i + 50}")))];
    private readonly List<BlackboxExporter> _exporters = [];
    private readonly List<SourceReject> _rejects = [];
    private readonly HttpClient _http = new();
    private readonly FakeLoggerProvider _logs = new();
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] All => [.. _endpoints.Select(l => l.Address.ToString())];

    [Fact]
    public async Task AnEndpointOnlyTheLocalVantageReaches_IsWithdrawn_AndABlindedVantageLeavesTheVerdictToTheOthers()
    {
        await StartExportersAsync();
        foreach (var exporter in _exporters)
        {
            _rejects.Add(await SourceReject.AddAsync(exporter.SourceAddress!, _endpoints[1].EndPoint, Ct));
        }

        var target = await StartAsync();

        // wan2 answers the local probe but neither exporter: two of three vantages see it Down.
        await UntilAsync(target, () => Published().SequenceEqual([All[0], All[2]]) && Votes(target, 1).SequenceEqual(["Up", "Down", "Down"]));
        Assert.Equal("failed", target.GetStatus().Sources[1].Endpoints[0].Vantages[1].LastResult);

        // vps1's canary closes: vps1 is blind and does not vote; home and vps2 decide.
        _canaries[1].Close();
        await UntilAsync(target, () => VantageCondition("vps1") == "Blind");
        _endpoints[2].Close();
        await UntilAsync(target, () => Published().SequenceEqual([All[0]]) && Votes(target, 1).SequenceEqual(["Up", "Blind", "Down"]));

        var metrics = await _http.GetStringAsync(_app!.Url("/metrics"), Ct);
        Assert.Contains("aliddnsha_vantage_up{vantage=\"vps1\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_vantage_up{vantage=\"vps2\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_vantage_endpoint_up{{target=\"{Name}\",source=\"wan2\",address=\"{All[1]}\",vantage=\"home\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_vantage_endpoint_up{{target=\"{Name}\",source=\"wan2\",address=\"{All[1]}\",vantage=\"vps2\"}} 0", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_probes_total{{target=\"{Name}\",source=\"wan1\",address=\"{All[0]}\",vantage=\"vps2\",result=\"success\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_probe_duration_seconds_count{{target=\"{Name}\",source=\"wan1\",address=\"{All[0]}\",vantage=\"vps1\"}}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryExporterStopped_AndTheLocalVantageBlinded_FreezeTheTarget_ThenWorkResumes()
    {
        await StartExportersAsync();
        var target = await StartAsync(whenAllDown: "Empty");
        await UntilAsync(target, () => Published().SequenceEqual(All));

        // The controller's own uplink is gone: the exporters cannot be asked and the local canary fails. Meanwhile
        // wan1 really dies, and every other line looks dead from here too.
        foreach (var exporter in _exporters)
        {
            await exporter.StopAsync();
        }

        _canaries[0].Close();
        foreach (var endpoint in _endpoints)
        {
            endpoint.Close();
        }

        await UntilAsync(target, () => target.Frozen && target.GetStatus().Mode == "Frozen");
        var hosts = await File.ReadAllTextAsync(_config!.HostsPath, Ct);
        await PassesAsync(target, 5);
        Assert.True(target.Frozen);
        Assert.Equal(hosts, await File.ReadAllTextAsync(_config.HostsPath, Ct)); // nothing written, WhenAllDown: Empty not applied
        var metrics = await _http.GetStringAsync(_app!.Url("/metrics"), Ct);
        Assert.Contains($"aliddnsha_target_frozen{{target=\"{Name}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_record_changes_total{{target=\"{Name}\",line=\"default\",action=\"delete\"}} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_vantage_requests_total{vantage=\"vps1\",result=\"unreachable\"}", metrics, StringComparison.Ordinal);
        using (var ready = await _http.GetAsync(_app!.Url("/readyz"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.StartsWith("Degraded", await ready.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // The uplink is back; wan2 and wan3 answer again, wan1 stays dead: normal work resumes and withdraws it.
        foreach (var exporter in _exporters)
        {
            await exporter.StartAsync(Ct);
        }

        _canaries[0].Open();
        _endpoints[1].Open();
        _endpoints[2].Open();
        await UntilAsync(target, () => !target.Frozen && Published().SequenceEqual(All[1..]));
    }

    [Fact]
    public async Task ABrokenRemoteVantage_IsBlind_NeverTurnsEndpointsDown_AndNeverStopsTheController()
    {
        using var broken = new ScriptedHttpServer { Respond = _ => ScriptedHttpServer.Http(503, "Service Unavailable") };
        var target = await StartAsync(vantages: $$"""
              home: { Type: Local }
              broken: { Type: Blackbox, Url: "{{broken.Url}}" }
            """);

        await UntilAsync(target, () => Published().SequenceEqual(All) && VantageCondition("broken") == "Blind");
        foreach (var (behaviour, respond) in new (string, Func<string, string?>)[]
        {
            ("garbage", _ => "SSH-2.0-OpenSSH_9.2p1\r\n"),
            ("slow", _ => null),
            ("html", _ => ScriptedHttpServer.Http(200, "<html>router login</html>", "text/html")),
        })
        {
            broken.Respond = respond;
            var requests = broken.Requests;
            await UntilAsync(target, () => broken.Requests > requests + 3 || behaviour == "garbage");
            await PassesAsync(target, 3);
            Assert.Equal(All, Published());
            Assert.Equal("Blind", VantageCondition("broken"));
            Assert.All(target.GetStatus().Sources, s => Assert.Equal("Up", s.Endpoints[0].State));
        }

        var metrics = await _http.GetStringAsync(_app!.Url("/metrics"), Ct);
        Assert.Contains("aliddnsha_vantage_requests_total{vantage=\"broken\",result=\"http_error\"}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"vantage=\"broken\",result=\"failed\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecuredExporter_IsAskedWithTheConfiguredCredentials_AndNoPasswordEverShows()
    {
        const string Right = "right-vantage-password-7f3a";
        const string Wrong = "wrong-vantage-password-91c2";
        var certificates = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _exporters.Add(await BlackboxExporter.StartSecuredAsync(IPAddress.Parse("127.0.9.2"), "aliddnsha", Right, certificates, Ct));
        var folder = Directory.CreateTempSubdirectory("aliddnsha-secrets-").FullName;
        try
        {
            var ca = Path.Combine(folder, "ca.pem");
            var secret = Path.Combine(folder, "password");
            await File.WriteAllTextAsync(ca, certificates.CaPem, Ct);
            await File.WriteAllTextAsync(secret, Right + "\n", Ct);
            _rejects.Add(await SourceReject.AddAsync(_exporters[0].SourceAddress!, _endpoints[2].EndPoint, Ct));
            var target = await StartAsync(vantages: $$"""
                  home: { Type: Local }
                  vps: { Type: Blackbox, Url: "{{_exporters[0].Url}}", Username: aliddnsha, PasswordFile: "{{secret}}", CaFile: "{{ca}}" }
                  stale: { Type: Blackbox, Url: "{{_exporters[0].Url}}", Username: aliddnsha, Password: "{{Wrong}}", CaFile: "{{ca}}" }
                """);

            // vps answers through TLS and basic auth and sees wan3 down; stale's password is refused, so it is blind.
            string[] votes = ["home Up", "stale Blind", "vps Down"];
            await UntilAsync(target, () => Published().SequenceEqual(All[..2])
                && target.GetStatus().Sources[2].Endpoints[0].Vantages.Select(v => $"{v.Vantage} {v.Vote}").SequenceEqual(votes));

            var logs = string.Join('\n', _logs.Collector.GetSnapshot().Select(r => r.Message + " " + r.Exception));
            var metrics = await _http.GetStringAsync(_app!.Url("/metrics"), Ct);
            var status = await _http.GetStringAsync(_app!.Url("/api/status"), Ct);
            Assert.Contains("aliddnsha_vantage_requests_total{vantage=\"stale\",result=\"auth_failed\"}", metrics, StringComparison.Ordinal);
            Assert.Contains("check Username and Password", status, StringComparison.Ordinal);
            Assert.Contains("VantageBlind", string.Join(' ', _logs.Collector.GetSnapshot().Select(r => r.Id.Name)), StringComparison.Ordinal);
            foreach (var text in new[] { logs, metrics, status })
            {
                Assert.DoesNotContain(Right, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Wrong, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        foreach (var reject in _rejects)
        {
            await reject.DisposeAsync();
        }

        foreach (var exporter in _exporters)
        {
            await exporter.DisposeAsync();
        }

        _config?.Dispose();
        _http.Dispose();
        _logs.Dispose();
        foreach (var listener in _endpoints.Concat(_canaries))
        {
            listener.Dispose();
        }
    }

    private async Task StartExportersAsync()
    {
        _exporters.Add(await BlackboxExporter.StartAsync(IPAddress.Parse("127.0.9.2"), cancellationToken: Ct));
        _exporters.Add(await BlackboxExporter.StartAsync(IPAddress.Parse("127.0.9.3"), cancellationToken: Ct));
    }

    private async Task<TargetController> StartAsync(string whenAllDown = "PublishAll", string? vantages = null)
    {
        vantages ??= $$"""
              home: { Type: Local, Canaries: [ "{{_canaries[0].EndPoint}}" ] }
              vps1: { Type: Blackbox, Url: "{{_exporters[0].Url}}", Module: tcp_connect, Canaries: [ "{{_canaries[1].EndPoint}}" ] }
              vps2: { Type: Blackbox, Url: "{{_exporters[1].Url}}", Module: tcp_connect, Canaries: [ "{{_canaries[2].EndPoint}}" ] }
            """;
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              local: { Type: HostsFile, Path: "{hosts}" }
            Vantages:
            {{vantages.TrimEnd()}}
            Targets:
              - Name: {{Name}}
                Provider: local
                Ttl: 60
                WhenAllDown: {{whenAllDown}}
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 300ms, FailureThreshold: 3, SuccessThreshold: 2 }
                Sources:
            {{string.Join("\n", _endpoints.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path, services => services.AddSingleton<ILoggerProvider>(_logs));
        return target;
    }

    private string? VantageCondition(string name) =>
        _app!.Services.GetService(typeof(FailoverController)) is FailoverController controller
            ? controller.GetStatus().Vantages.Single(v => v.Name == name).Condition
            : null;

    private IReadOnlyList<string> Published() => _config!.Published(Name);

    /// <summary>Each vantage's vote on the endpoint of source <paramref name="source"/>, in vantage order.</summary>
    private static IEnumerable<string> Votes(TargetController target, int source) =>
        target.GetStatus().Sources[source].Endpoints[0].Vantages.Select(v => v.Vote);

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);

    /// <summary>Waits for <paramref name="count"/> more reconcile passes.</summary>
    private static async Task PassesAsync(TargetController target, int count)
    {
        var passes = 0;
        await ReconcileWait.UntilAsync(target, () => ++passes > count);
    }
}
