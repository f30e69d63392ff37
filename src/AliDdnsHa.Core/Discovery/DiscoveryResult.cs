// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Discovery;

/// <summary>What one lookup of a source found: its addresses, or why it failed. Failure is a value.</summary>
public sealed record DiscoveryResult(IReadOnlyList<IPAddress> Addresses, string? Error = null)
{
    public bool IsSuccess => Error is null;

    public static DiscoveryResult Found(IEnumerable<IPAddress> addresses) => new([.. addresses.Distinct()]);

    public static DiscoveryResult Failed(string error) => new([], error);
}
