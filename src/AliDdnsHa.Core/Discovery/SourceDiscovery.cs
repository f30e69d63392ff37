// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Discovery;

/// <summary>Finds a source's current addresses: static, by DNS lookup, or by reading a record through the provider.</summary>
public sealed class SourceDiscovery(IHostnameResolver hostnameResolver)
{
    public async Task<DiscoveryResult> DiscoverAsync(SourceOptions source, IDnsProvider provider, string? zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(provider);
        switch (source.Kind)
        {
            case SourceKind.Hostname:
                return await hostnameResolver.ResolveAsync(source.Hostname!, cancellationToken);
            case SourceKind.Record:
                try
                {
                    var records = await provider.ReadAsync(new RecordSetKey(source.Record!, zone), cancellationToken);
                    var enabled = records.Where(r => r.Enabled).Select(r => r.Address).ToList();
                    return enabled.Count == 0
                        ? DiscoveryResult.Failed($"no enabled A record for {source.Record} at provider '{provider.Name}'")
                        : DiscoveryResult.Found(enabled);
                }
                catch (DnsProviderException ex)
                {
                    return DiscoveryResult.Failed($"{ex.Code}: {ex.Message}");
                }

            default:
                return DiscoveryResult.Found(source.Addresses);
        }
    }
}
