// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>Names one address record set at a provider.</summary>
/// <param name="Name">The fully qualified record name, lower case, without the trailing dot.</param>
/// <param name="Zone">The zone holding it, when known.</param>
/// <param name="Type">A (IPv4) or AAAA (IPv6); a provider reads and writes only records of this type.</param>
public readonly record struct RecordSetKey(string Name, string? Zone, DnsRecordType Type = DnsRecordType.A)
{
    public override string ToString() => Type == DnsRecordType.A ? Name : $"{Name} {Type}";
}
