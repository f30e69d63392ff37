// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Controller;

/// <summary>An A and an AAAA target on one name: each owns its own family and fails over on its own.</summary>
public sealed class TargetControllerDualStackTests
{
    private const string Name = "home.example.com";
    private static readonly TimeSpan s_fast = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeTcpConnector _connector = new();
    private readonly FakeHostnameResolver _resolver = new();
    private readonly FakeDnsProvider _provider = new();
    private readonly TestMetrics _metrics = new();
    private readonly FakeLogger _logger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DualStackName_EachTargetPublishesItsFamilyAndFailsOverAlone()
    {
        _provider.Seed(Name, "192.0.2.9"); // a stale A record, and nothing for AAAA yet
        var a = Create(DnsRecordType.A, Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        var aaaa = Create(DnsRecordType.AAAA, Static("wan1", "2001:db8::1"), Static("wan2", "2001:db8::2"));

        await RoundsAsync(2, a, aaaa);
        Assert.Equal(["192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2"], _provider.Addresses(Name));

        _connector.Fail(new IPEndPoint(IPAddress.Parse("2001:db8::2"), 443));
        await RoundsAsync(3, a, aaaa);

        Assert.Equal(["192.0.2.1", "192.0.2.2", "2001:db8::1"], _provider.Addresses(Name));
        Assert.Equal(2, await _metrics.ValueAsync($"aliddnsha_published_records{{target=\"{Name}\",line=\"default\"}}"));
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_published_records{{target=\"{Name}/AAAA\",line=\"default\"}}"));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_endpoint_up{{target=\"{Name}/AAAA\",source=\"wan2\",address=\"2001:db8::2\"}}"));
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_endpoint_up{{target=\"{Name}\",source=\"wan2\",address=\"192.0.2.2\"}}"));
        Assert.Equal(("home.example.com/AAAA", "AAAA"), (aaaa.GetStatus().Id, aaaa.GetStatus().Type));
    }

    [Fact]
    public async Task HostnameSource_OfAnAaaaTarget_AsksForAaaaOnly()
    {
        _resolver.Set("dns1.example.com", "198.51.100.1", "2001:db8::11");
        var target = Create(DnsRecordType.AAAA, new SourceOptions { Name = "wan1", Hostname = "dns1.example.com" });

        await target.DiscoverOnceAsync(Ct);

        Assert.Equal([("dns1.example.com", DnsRecordType.AAAA)], _resolver.Queries);
        Assert.Equal(["2001:db8::11"], target.GetStatus().Sources[0].Addresses);
    }

    [Fact]
    public async Task RecordSource_OfAnAaaaTarget_ReadsTheAaaaRecords()
    {
        _provider.Seed("dns2.example.com", "198.51.100.2", "2001:db8::22");
        var target = Create(DnsRecordType.AAAA, new SourceOptions { Name = "wan2", Record = "dns2.example.com" });

        await target.DiscoverOnceAsync(Ct);

        Assert.Equal(["2001:db8::22"], target.GetStatus().Sources[0].Addresses);
    }

    [Fact]
    public async Task Ipv6Suffix_FollowsThePrefixWhenTheIspRedelegatesIt()
    {
        _resolver.Set("router.example.com", "240e:3a1:4c2:8f00::1");
        var target = Create(DnsRecordType.AAAA, new SourceOptions { Name = "wan1", Hostname = "router.example.com", Ipv6Suffix = IPAddress.Parse("::1234:5678") });
        await target.DiscoverOnceAsync(Ct);
        Assert.Equal(["240e:3a1:4c2:8f00::1234:5678"], target.GetStatus().Sources[0].Addresses);

        _resolver.Set("router.example.com", "240e:3a1:4c2:9a00::1");
        await target.DiscoverOnceAsync(Ct);

        Assert.Equal(["240e:3a1:4c2:9a00::1234:5678"], target.GetStatus().Sources[0].Addresses);
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_source_address_changes_total{{target=\"{Name}/AAAA\",source=\"wan1\"}}"));
    }

    [Fact]
    public async Task AaaaTarget_LinkLocalAndMulticast_AreRefusedNotProbed()
    {
        _resolver.Set("dns1.example.com", "fe80::1", "ff02::1", "2001:db8::5");
        var target = Create(DnsRecordType.AAAA, new SourceOptions { Name = "wan1", Hostname = "dns1.example.com" });

        await target.DiscoverOnceAsync(Ct);

        var source = target.GetStatus().Sources[0];
        Assert.Equal(["2001:db8::5"], source.Addresses);
        Assert.Equal(["fe80::1 link_local", "ff02::1 multicast"], source.Rejected.Select(r => $"{r.Address} {r.Reason}").Order());
    }

    private async Task RoundsAsync(int rounds, params TargetController[] targets)
    {
        foreach (var target in targets)
        {
            await target.DiscoverOnceAsync(Ct);
        }

        for (var i = 0; i < rounds; i++)
        {
            foreach (var target in targets)
            {
                await target.ProbeAllOnceAsync(Ct);
            }

            _time.Advance(s_fast);
        }

        foreach (var target in targets)
        {
            await target.ReconcileOnceAsync(Ct);
        }
    }

    private TargetController Create(DnsRecordType type, params SourceOptions[] sources) => new(
        new TargetOptions
        {
            Name = Name,
            RecordType = type,
            Zone = "example.com",
            Provider = _provider.Name,
            Port = 443,
            Sources = [.. sources],
        },
        _provider,
        new SourceDiscovery(_resolver),
        new TcpProbe(_connector, _time),
        _metrics.Metrics,
        _time,
        _logger,
        dryRun: false);

    private static SourceOptions Static(string name, string address) => new() { Name = name, Addresses = [IPAddress.Parse(address)] };
}
