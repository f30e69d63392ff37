// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Testing;

/// <summary>A resolver answering from a table (the addresses of the asked family); a name set to <see langword="null"/> fails.</summary>
public sealed class FakeHostnameResolver : IHostnameResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]?> _answers = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string name, params string[] addresses) => _answers[name] = [.. addresses.Select(IPAddress.Parse)];

    public void Fail(string name) => _answers[name] = null;

    /// <summary>The record types asked for, in order.</summary>
    public ConcurrentQueue<(string Name, DnsRecordType Type)> Queries { get; } = new();

    public Task<DiscoveryResult> ResolveAsync(string hostname, DnsRecordType type, CancellationToken cancellationToken)
    {
        Queries.Enqueue((hostname, type));
        if (!_answers.TryGetValue(hostname, out var addresses) || addresses is null)
        {
            return Task.FromResult(DiscoveryResult.Failed($"SERVFAIL for {hostname}"));
        }

        var ofType = addresses.Where(a => type.Holds(a)).ToList();
        return Task.FromResult(ofType.Count == 0 ? DiscoveryResult.Failed($"no {type} record for {hostname}") : DiscoveryResult.Found(ofType));
    }
}
