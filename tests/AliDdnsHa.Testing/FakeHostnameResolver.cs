// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using AliDdnsHa.Discovery;

namespace AliDdnsHa.Testing;

/// <summary>A resolver answering from a table; a name set to <see langword="null"/> fails.</summary>
public sealed class FakeHostnameResolver : IHostnameResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]?> _answers = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string name, params string[] addresses) => _answers[name] = [.. addresses.Select(IPAddress.Parse)];

    public void Fail(string name) => _answers[name] = null;

    public Task<DiscoveryResult> ResolveAsync(string hostname, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.TryGetValue(hostname, out var addresses) && addresses is not null
            ? DiscoveryResult.Found(addresses)
            : DiscoveryResult.Failed($"SERVFAIL for {hostname}"));
}
