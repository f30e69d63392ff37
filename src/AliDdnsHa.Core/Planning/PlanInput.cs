// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Planning;

/// <summary>Everything the planner decides from.</summary>
/// <param name="Endpoints">Every currently discovered endpoint and its state.</param>
/// <param name="Actual">The record set as the provider holds it now.</param>
/// <param name="Ttl">The TTL records should have.</param>
/// <param name="WhenAllDown">The policy for when every endpoint is Down.</param>
/// <param name="RemoveMode">Delete records, or disable them and enable them again on recovery.</param>
/// <param name="Frozen">No vantage can see: the record set is left exactly as it is.</param>
/// <param name="Fallback">For a managed line (not the default one): the default line's desired set, which the line
/// holds while none of its own endpoints is Up under <see cref="LineDownPolicy.Default"/>. <see langword="null"/> for
/// the default line.</param>
/// <param name="WhenLineDown">For a managed line: what it holds while none of its own endpoints is healthy.</param>
public sealed record PlanInput(
    IReadOnlyList<EndpointSnapshot> Endpoints,
    IReadOnlyList<DnsRecord> Actual,
    int Ttl,
    WhenAllDownPolicy WhenAllDown,
    RemoveMode RemoveMode = RemoveMode.Delete,
    bool Frozen = false,
    IReadOnlyList<IPAddress>? Fallback = null,
    LineDownPolicy WhenLineDown = LineDownPolicy.Default)
{
    /// <summary>True when this plans a managed line rather than the default one.</summary>
    public bool IsLine => Fallback is not null;
}
