// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Dns;

/// <summary>One A record as a provider holds it.</summary>
/// <param name="Id">The provider's id for the record (a string: Alidns ids overflow a double).</param>
/// <param name="Address">The record's IPv4 address.</param>
/// <param name="Ttl">The record's TTL in seconds, where the provider has one.</param>
/// <param name="Enabled">False for a record that exists but is not served (Alidns "disabled"); it counts as not published.</param>
/// <param name="Locked">True for a record the provider will not change or delete (Alidns "locked"): it is pinned, and
/// the rest of the set follows health around it.</param>
public sealed record DnsRecord(string Id, IPAddress Address, int? Ttl = null, bool Enabled = true, bool Locked = false);
