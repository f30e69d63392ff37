// Licensed under the MIT license.

namespace AliDdnsHa.Discovery;

/// <summary>Resolves a DDNS host name to its current IPv4 addresses.</summary>
public interface IHostnameResolver
{
    Task<DiscoveryResult> ResolveAsync(string hostname, CancellationToken cancellationToken);
}
