// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using DnsClient;

namespace AliDdnsHa.Discovery;

/// <summary>Resolves A or AAAA records with DnsClient against the configured resolvers, bypassing every cache.</summary>
/// <remarks>The OS resolver (getaddrinfo, nscd, systemd-resolved) may cache a DDNS answer for longer than its TTL;
/// a failover controller must see an address change as soon as the authoritative server does.</remarks>
public sealed class DnsClientHostnameResolver : IHostnameResolver
{
    private readonly LookupClient _client;

    public DnsClientHostnameResolver(ResolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lookupOptions = options.Servers.Count > 0
            ? new LookupClientOptions([.. options.Servers])
            : new LookupClientOptions();
        lookupOptions.UseCache = false;
        lookupOptions.Timeout = options.Timeout;
        lookupOptions.Retries = 1;
        lookupOptions.ThrowDnsErrors = false;
        lookupOptions.ContinueOnDnsError = true;
        lookupOptions.UseTcpFallback = true;
        _client = new LookupClient(lookupOptions);
    }

    public IReadOnlyList<IPEndPoint> Servers => [.. _client.NameServers.Select(n => new IPEndPoint(IPAddress.Parse(n.Address), n.Port))];

    public async Task<DiscoveryResult> ResolveAsync(string hostname, DnsRecordType type, CancellationToken cancellationToken)
    {
        try
        {
            var queryType = type == DnsRecordType.AAAA ? QueryType.AAAA : QueryType.A;
            var response = await _client.QueryAsync(hostname, queryType, QueryClass.IN, cancellationToken);
            if (response.HasError)
            {
                return DiscoveryResult.Failed($"{response.ErrorMessage} from {response.NameServer}");
            }

            var addresses = type == DnsRecordType.AAAA
                ? response.Answers.AaaaRecords().Select(a => a.Address).ToList()
                : response.Answers.ARecords().Select(a => a.Address).ToList();
            return addresses.Count == 0
                ? DiscoveryResult.Failed($"no {type} record for {hostname}")
                : DiscoveryResult.Found(addresses);
        }
        catch (DnsResponseException ex)
        {
            return DiscoveryResult.Failed(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DiscoveryResult.Failed("timed out");
        }
    }
}
