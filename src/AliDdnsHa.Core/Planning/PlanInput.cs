// Licensed under the MIT license.

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
public sealed record PlanInput(
    IReadOnlyList<EndpointSnapshot> Endpoints,
    IReadOnlyList<DnsRecord> Actual,
    int Ttl,
    WhenAllDownPolicy WhenAllDown,
    RemoveMode RemoveMode = RemoveMode.Delete,
    bool Frozen = false);
