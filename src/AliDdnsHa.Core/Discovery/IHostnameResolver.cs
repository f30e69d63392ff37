// Licensed under the MIT license.

using AliDdnsHa.Dns;

namespace AliDdnsHa.Discovery;

/// <summary>Resolves a DDNS host name to its current addresses of one family.</summary>
public interface IHostnameResolver
{
    /// <summary>Asks for the A (IPv4) or AAAA (IPv6) records of <paramref name="hostname"/>.</summary>
    Task<DiscoveryResult> ResolveAsync(string hostname, DnsRecordType type, CancellationToken cancellationToken);
}
