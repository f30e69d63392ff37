// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Core.Tests.Discovery;

public sealed class SourceDiscoveryTests : IDisposable
{
    private readonly FakeDnsProvider _provider = new();
    private readonly SourceDiscovery _discovery = new(new FakeHostnameResolver());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordSource_WithoutLine_ReadsTheDefaultLineOnly()
    {
        _provider.Seed("dns2.example.com", "203.0.113.9");
        _provider.SeedLine("dns2.example.com", "unicom", "198.51.100.2");

        var result = await _discovery.DiscoverAsync(new SourceOptions { Name = "cu", Record = "dns2.example.com" }, DnsRecordType.A, _provider, "example.com", Ct);

        Assert.Equal(["203.0.113.9"], result.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task RecordSource_WithLine_ReadsThatLineOnly()
    {
        _provider.Seed("dns2.example.com", "203.0.113.9");
        _provider.SeedLine("dns2.example.com", "unicom", "198.51.100.2");

        var result = await _discovery.DiscoverAsync(new SourceOptions { Name = "cu", Record = "dns2.example.com", Line = "unicom" }, DnsRecordType.A, _provider, "example.com", Ct);

        Assert.Equal(["198.51.100.2"], result.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task RecordSource_WithLineButNoRecordThere_SaysWhichLine()
    {
        _provider.Seed("dns2.example.com", "203.0.113.9");

        var result = await _discovery.DiscoverAsync(new SourceOptions { Name = "cu", Record = "dns2.example.com", Line = "unicom" }, DnsRecordType.A, _provider, "example.com", Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal("no enabled A record for dns2.example.com on line unicom at provider 'fake'", result.Error);
    }

    [Fact]
    public void Dispose_OfADiscoveryThatMadeItsOwnParts_DisposesThem()
    {
        var discovery = new SourceDiscovery(new FakeHostnameResolver());

        discovery.Dispose();

        Assert.True(discovery.Disposed);
    }

    public void Dispose() => _discovery.Dispose();
}
