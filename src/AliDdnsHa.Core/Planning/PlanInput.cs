// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Planning;

/// <summary>Everything the planner decides from.</summary>
/// <param name="Endpoints">Every currently discovered endpoint and its state.</param>
/// <param name="Actual">The record set as the provider holds it now.</param>
/// <param name="Ttl">The TTL records should have.</param>
/// <param name="WhenAllDown">The policy for when every endpoint is Down.</param>
public sealed record PlanInput(
    IReadOnlyList<EndpointSnapshot> Endpoints,
    IReadOnlyList<DnsRecord> Actual,
    int Ttl,
    WhenAllDownPolicy WhenAllDown);
