// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Discovery;

/// <summary>Finds a source's current addresses of the target's family: static, by DNS lookup, by reading a record
/// through the provider, from a local network interface, or from a "what is my IP" URL; and tells of IPv6 address
/// changes through one watcher shared by every target.</summary>
public sealed class SourceDiscovery : IDisposable
{
    private readonly IHostnameResolver _hostnameResolver;
    private readonly IInterfaceAddressReader _interfaces;
    private readonly UrlAddressFetcher _urls;
    private readonly Ipv6AddressWatcher _ipv6;
    private readonly bool _owned;

    /// <summary>Discovery with parts the caller owns (the host's singletons).</summary>
    public SourceDiscovery(IHostnameResolver hostnameResolver, IInterfaceAddressReader interfaces, UrlAddressFetcher urls, Ipv6AddressWatcher ipv6)
    {
        _hostnameResolver = hostnameResolver;
        _interfaces = interfaces;
        _urls = urls;
        _ipv6 = ipv6;
    }

    /// <summary>Discovery with the system's interfaces, a Url fetcher and an IPv6 watcher of its own, on
    /// <paramref name="timeProvider"/> (the system clock by default); disposing it disposes them.</summary>
    public SourceDiscovery(IHostnameResolver hostnameResolver, TimeProvider? timeProvider = null)
        : this(
            hostnameResolver,
            new SystemInterfaceAddressReader(),
            new UrlAddressFetcher(OptionDefaults.ResolverTimeout, timeProvider ?? TimeProvider.System),
            new Ipv6AddressWatcher(timeProvider ?? TimeProvider.System))
    {
        _owned = true;
    }

    /// <summary>Calls <paramref name="changed"/> after each change of the machine's IPv6 addresses, until disposed.</summary>
    public IDisposable WatchIpv6Addresses(Action changed) => _ipv6.Subscribe(changed);

    /// <summary>True once the parts it made itself are disposed. Internal for testing.</summary>
    internal bool Disposed { get; private set; }

    public void Dispose()
    {
        if (_owned && !Disposed)
        {
            _urls.Dispose();
            _ipv6.Dispose();
        }

        Disposed = true;
    }

    public async Task<DiscoveryResult> DiscoverAsync(SourceOptions source, DnsRecordType type, IDnsProvider provider, string? zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(provider);
        var result = await DiscoverRawAsync(source, type, provider, zone, cancellationToken);
        return result.IsSuccess && source.Ipv6Suffix is { } suffix
            ? DiscoveryResult.Found(result.Addresses.Select(a => Ipv6Prefix.WithInterfaceId(a, suffix)))
            : result;
    }

    private async Task<DiscoveryResult> DiscoverRawAsync(SourceOptions source, DnsRecordType type, IDnsProvider provider, string? zone, CancellationToken cancellationToken)
    {
        switch (source.Kind)
        {
            case SourceKind.Hostname:
                return await _hostnameResolver.ResolveAsync(source.Hostname!, type, cancellationToken);
            case SourceKind.Record:
                try
                {
                    var records = await provider.ReadAsync(new RecordSetKey(source.Record!, zone, type, source.Line ?? DnsLine.Default), cancellationToken);
                    var enabled = records.Where(r => r.Enabled).Select(r => r.Address).ToList();
                    return enabled.Count == 0
                        ? DiscoveryResult.Failed($"no enabled {type} record for {source.Record}{(source.Line is { } line ? $" on line {line}" : "")} at provider '{provider.Name}'")
                        : DiscoveryResult.Found(enabled);
                }
                catch (DnsProviderException ex)
                {
                    return DiscoveryResult.Failed($"{ex.Code}: {ex.Message}");
                }

            case SourceKind.Interface:
                return _interfaces.Read(source.Interface!, type);
            case SourceKind.Url:
                return await _urls.FetchAsync(source.Url!, source.JsonPath, source.SourceAddress, type, cancellationToken);
            default:
                return DiscoveryResult.Found(source.Addresses);
        }
    }
}
