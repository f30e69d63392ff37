// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Discovery;

/// <summary>Finds a source's current addresses of the target's family: static, by DNS lookup, by reading a record
/// through the provider, from a local network interface, or from a "what is my IP" URL.</summary>
public sealed class SourceDiscovery(IHostnameResolver hostnameResolver, IInterfaceAddressReader interfaces, UrlAddressFetcher urls)
{
    /// <summary>Discovery with the system's interfaces and a Url fetcher on the system clock.</summary>
    public SourceDiscovery(IHostnameResolver hostnameResolver)
        : this(hostnameResolver, new SystemInterfaceAddressReader(), new UrlAddressFetcher(OptionDefaults.ResolverTimeout, TimeProvider.System))
    {
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
                return await hostnameResolver.ResolveAsync(source.Hostname!, type, cancellationToken);
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
                return interfaces.Read(source.Interface!, type);
            case SourceKind.Url:
                return await urls.FetchAsync(source.Url!, source.JsonPath, source.SourceAddress, type, cancellationToken);
            default:
                return DiscoveryResult.Found(source.Addresses);
        }
    }
}
