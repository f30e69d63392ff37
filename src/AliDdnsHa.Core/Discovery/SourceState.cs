// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;

namespace AliDdnsHa.Discovery;

/// <summary>What the controller knows of one source: its last known addresses and its last lookup.</summary>
internal sealed class SourceState(SourceOptions options, int port)
{
    public SourceOptions Options { get; } = options;

    public int Port { get; } = port;

    /// <summary>The last known addresses; kept when a lookup fails.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; set; } = [];

    public string? LastError { get; set; }

    public DateTimeOffset? LastDiscoveryAt { get; set; }

    public DateTimeOffset? LastChangeAt { get; set; }

    /// <summary>Discovered addresses refused by the target's address guard, with the reason.</summary>
    public IReadOnlyDictionary<IPAddress, string> Rejected { get; set; } = new Dictionary<IPAddress, string>();
}
