// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>Names one address record set at a provider: a name, a type and a line. A provider reads, changes and
/// deletes only records of exactly this (name, type, line): records of other types or on other lines are someone
/// else's.</summary>
/// <param name="Name">The fully qualified record name, lower case, without the trailing dot.</param>
/// <param name="Zone">The zone holding it, when known.</param>
/// <param name="Type">A (IPv4) or AAAA (IPv6); a provider reads and writes only records of this type.</param>
/// <param name="Line">The resolution line (Alidns 解析线路, a BIND view): <see cref="DnsLine.Default"/> for the
/// answer everyone gets who has no line of their own. Providers without lines hold only the default line.</param>
public readonly record struct RecordSetKey(string Name, string? Zone, DnsRecordType Type = DnsRecordType.A, string Line = DnsLine.Default)
{
    public override string ToString() =>
        (Type, Line) switch
        {
            (DnsRecordType.A, DnsLine.Default) => Name,
            (_, DnsLine.Default) => $"{Name} {Type}",
            _ => $"{Name} {Type} line {Line}",
        };
}
