// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>A DNS backend that holds A record sets.</summary>
public interface IDnsProvider
{
    /// <summary>The name the provider has in the configuration.</summary>
    string Name { get; }

    /// <summary>The provider type, such as <c>HostsFile</c>.</summary>
    string Type { get; }

    /// <summary>Reads the A records of one name, enabled and disabled. Throws <see cref="DnsProviderException"/> on failure.</summary>
    Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken);

    /// <summary>Applies the changes in order, stopping at the first failure.</summary>
    /// <remarks>Providers that can (RFC 2136, the hosts file) apply the whole list atomically.</remarks>
    Task<ApplyResult> ApplyAsync(RecordSetKey key, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken);
}
