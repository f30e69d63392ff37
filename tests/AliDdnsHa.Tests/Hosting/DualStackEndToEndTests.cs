// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>A dual-stack name, one A and one AAAA target, against each provider: real listeners on 127.0.0.x and on
/// IPv6 loopback addresses; closing a listener of one family changes that family's set only.</summary>
public sealed class DualStackEndToEndTests : IAsyncLifetime
{
    private const string Secret = "dual-stack-test-secret";

    private readonly List<LoopbackListener> _v4 = [.. Enumerable.Range(1, 2).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 90}")))];
    private readonly List<LoopbackListener> _v6 = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-dual-").FullName;
    private Ipv6LoopbackAddresses? _loopback;
    private AlidnsEmulator? _emulator;
    private BindServer? _bind;
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] V4 => [.. _v4.Select(l => l.Address.ToString())];

    private string[] V6 => [.. _v6.Select(l => l.Address.ToString())];

    public async ValueTask InitializeAsync()
    {
        _loopback = await Ipv6LoopbackAddresses.AddAsync(block: 1, count: 2, Ct);
        _v6.AddRange(_loopback.Addresses.Select(a => new LoopbackListener(a)));
    }

    [Theory]
    [InlineData("HostsFile")]
    [InlineData("AlibabaCloud")]
    [InlineData("Rfc2136")]
    public async Task DualStackName_EachFamilyFailsOverOnItsOwn(string provider)
    {
        var (name, providerYaml) = await ProviderAsync(provider);
        var (a, aaaa) = await StartAsync(name, providerYaml);
        await BothAsync(a, aaaa, V4, V6);
        Assert.Equal(V4, await ReadAsync(provider, name, "A"));
        Assert.Equal(V6, await ReadAsync(provider, name, "AAAA"));

        _v6[1].Close();
        await BothAsync(a, aaaa, V4, V6[..1]);
        Assert.Equal(V6[..1], await ReadAsync(provider, name, "AAAA"));
        Assert.Equal(V4, await ReadAsync(provider, name, "A"));

        _v4[0].Close();
        _v6[1].Open();
        await BothAsync(a, aaaa, V4[1..], V6);
        Assert.Equal(V4[1..], await ReadAsync(provider, name, "A"));
        Assert.Equal(V6, await ReadAsync(provider, name, "AAAA"));

        var metrics = await new HttpClient().GetStringAsync(_app!.Url("/metrics"), Ct);
        Assert.Contains($"aliddnsha_published_records{{target=\"{name}\",line=\"default\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"aliddnsha_published_records{{target=\"{name}/AAAA\",line=\"default\"}} 2", metrics, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        foreach (var listener in _v4.Concat(_v6))
        {
            listener.Dispose();
        }

        _emulator?.Dispose();
        if (_bind is not null)
        {
            await _bind.DisposeAsync();
        }

        if (_loopback is not null)
        {
            await _loopback.DisposeAsync();
        }

        _config?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task BothAsync(TargetController a, TargetController aaaa, string[] v4, string[] v6)
    {
        await ReconcileWait.UntilAsync(a, () => a.GetStatus().Published.SequenceEqual(v4));
        await ReconcileWait.UntilAsync(aaaa, () => aaaa.GetStatus().Published.SequenceEqual(v6));
    }

    private async Task<(string Name, string Yaml)> ProviderAsync(string provider)
    {
        switch (provider)
        {
            case "AlibabaCloud":
                _emulator = new AlidnsEmulator();
                _emulator.AddKey("LTAI5tDualStackKey01", Secret);
                _emulator.AddDomain("example.com");
                return ("home.example.com", $"{{ Type: AlibabaCloud, Endpoint: \"{_emulator.Endpoint}\", AccessKeyId: LTAI5tDualStackKey01, AccessKeySecret: \"{Secret}\" }}");
            case "Rfc2136":
                _bind = await BindServer.StartAsync(cancellationToken: Ct);
                return ($"home.{BindServer.Zone}", $"{{ Type: Rfc2136, Server: \"{_bind.Server}\", Zone: {BindServer.Zone}, TsigSecretFile: \"{_bind.KeyFile}\" }}");
            default:
                return ("home.example.com", $"{{ Type: HostsFile, Path: \"{Path.Combine(_folder, "hosts")}\" }}");
        }
    }

    /// <summary>The provider's own view of one family's set, read as a client of that provider would.</summary>
    private async Task<IReadOnlyList<string>> ReadAsync(string provider, string name, string type)
    {
        var family = type == "A" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        IEnumerable<string> values = provider switch
        {
            "AlibabaCloud" => _emulator!.Values("example.com", "home", type),
            "Rfc2136" => await _bind!.DigAsync(name, type, Ct),
            _ => (await File.ReadAllLinesAsync(Path.Combine(_folder, "hosts"), Ct))
                .Select(l => l.Split(' '))
                .Where(f => f.Length > 1 && f[1] == name && IPAddress.Parse(f[0]).AddressFamily == family)
                .Select(f => f[0]),
        };
        return [.. values.Order(StringComparer.Ordinal)];
    }

    private async Task<(TargetController A, TargetController Aaaa)> StartAsync(string name, string provider)
    {
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              dns: {{provider}}
            Targets:
              - Name: {{name}}
                Provider: dns
                Ttl: 600
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
                  - { Name: wan1, Address: {{_v4[0].Address}}, Port: {{_v4[0].Port}} }
                  - { Name: wan2, Address: {{_v4[1].Address}}, Port: {{_v4[1].Port}} }
              - Name: {{name}}
                RecordType: AAAA
                Provider: dns
                Ttl: 600
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
                  - { Name: wan1, Address: "{{_v6[0].Address}}", Port: {{_v6[0].Port}} }
                  - { Name: wan2, Address: "{{_v6[1].Address}}", Port: {{_v6[1].Port}} }
            """);
        (_app, var targets) = await TestHost.StartAllAsync(_config.Path);
        return (targets.Single(t => t.Options.RecordType == Dns.DnsRecordType.A), targets.Single(t => t.Options.RecordType == Dns.DnsRecordType.AAAA));
    }
}
