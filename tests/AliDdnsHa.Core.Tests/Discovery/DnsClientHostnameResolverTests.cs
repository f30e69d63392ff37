// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Core.Tests.Discovery;

public sealed class DnsClientHostnameResolverTests : IDisposable
{
    private readonly LoopbackDnsServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_Name_ReturnsEveryARecord()
    {
        _server.Set("dns1.example.com", IPAddress.Parse("198.51.100.1"), IPAddress.Parse("198.51.100.2"));

        var result = await Resolver().ResolveAsync("dns1.example.com", DnsRecordType.A, Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(["198.51.100.1", "198.51.100.2"], result.Addresses.Select(a => a.ToString()).Order());
    }

    [Fact]
    public async Task ResolveAsync_Aaaa_AsksForAaaaAndReturnsOnlyIpv6()
    {
        _server.Set("dns1.example.com", IPAddress.Parse("198.51.100.1"), IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2"));

        var v6 = await Resolver().ResolveAsync("dns1.example.com", DnsRecordType.AAAA, Ct);
        var v4 = await Resolver().ResolveAsync("dns1.example.com", DnsRecordType.A, Ct);

        Assert.Equal(["2001:db8::1", "2001:db8::2"], v6.Addresses.Select(a => a.ToString()).Order());
        Assert.Equal("198.51.100.1", Assert.Single(v4.Addresses).ToString());
    }

    [Fact]
    public async Task ResolveAsync_NameWithoutAaaa_FailsNamingTheType()
    {
        _server.Set("dns1.example.com", IPAddress.Parse("198.51.100.1"));

        var result = await Resolver().ResolveAsync("dns1.example.com", DnsRecordType.AAAA, Ct);

        Assert.False(result.IsSuccess);
        Assert.Contains("no AAAA record", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ChangedAnswer_IsSeenAtOnce()
    {
        var resolver = Resolver();
        _server.Set("dns1.example.com", IPAddress.Parse("198.51.100.1"));
        await resolver.ResolveAsync("dns1.example.com", DnsRecordType.A, Ct);

        _server.Set("dns1.example.com", IPAddress.Parse("198.51.100.9"));
        var result = await resolver.ResolveAsync("dns1.example.com", DnsRecordType.A, Ct);

        Assert.Equal("198.51.100.9", Assert.Single(result.Addresses).ToString());
        Assert.Equal(2, _server.Queries); // no cache between the two lookups
    }

    [Fact]
    public async Task ResolveAsync_NxDomain_IsAFailureValue()
    {
        var result = await Resolver().ResolveAsync("missing.example.com", DnsRecordType.A, Ct);

        Assert.False(result.IsSuccess);
        Assert.Contains("Non-Existent Domain", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ResolveAsync_ServerFailure_IsAFailureValue()
    {
        _server.Set("dns1.example.com", IPAddress.Parse("198.51.100.1"));
        _server.Failing = true;

        var result = await Resolver().ResolveAsync("dns1.example.com", DnsRecordType.A, Ct);

        Assert.False(result.IsSuccess);
        Assert.Empty(result.Addresses);
    }

    public void Dispose() => _server.Dispose();

    private DnsClientHostnameResolver Resolver() =>
        new(new ResolverOptions { Servers = [_server.EndPoint], Timeout = TimeSpan.FromSeconds(2) });
}
