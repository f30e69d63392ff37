// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Dns;

/// <summary>Maps a record type to the address family it holds.</summary>
public static class DnsRecordTypeExtensions
{
    public static AddressFamily AddressFamily(this DnsRecordType type) =>
        type == DnsRecordType.AAAA ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork;

    /// <summary>True when <paramref name="address"/> belongs in a record of this type (an IPv4-mapped IPv6 address does not).</summary>
    public static bool Holds(this DnsRecordType type, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == type.AddressFamily() && !address.IsIPv4MappedToIPv6;
    }

    /// <summary>"IPv4" or "IPv6", for messages.</summary>
    public static string FamilyName(this DnsRecordType type) => type == DnsRecordType.AAAA ? "IPv6" : "IPv4";
}
