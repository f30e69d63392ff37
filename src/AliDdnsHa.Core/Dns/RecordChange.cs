// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Dns;

/// <summary>One change to a record set.</summary>
/// <param name="Kind">Add, enable, update (TTL), disable or delete.</param>
/// <param name="Address">The address added, updated or deleted.</param>
/// <param name="Ttl">The TTL an added or updated record gets.</param>
/// <param name="Existing">The record changed; <see langword="null"/> for an add.</param>
public sealed record RecordChange(RecordChangeKind Kind, IPAddress Address, int Ttl, DnsRecord? Existing = null)
{
    public override string ToString() => Kind switch
    {
        RecordChangeKind.Add => $"+ {Address} (ttl {Ttl})",
        RecordChangeKind.Update => $"~ {Address} (ttl {Existing?.Ttl} -> {Ttl})",
        RecordChangeKind.Enable => $"+ {Address} (enable)",
        RecordChangeKind.Disable => $"- {Address} (disable)",
        _ => $"- {Address}",
    };
}
