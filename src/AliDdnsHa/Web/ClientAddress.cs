// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Web;

/// <summary>The client a limit or a log line is kept for: an IPv4 address, or an IPv6 client's /64.</summary>
/// <remarks>A host on an IPv6 LAN picks any address it likes in its /64 (privacy addresses change by the hour, and an
/// attacker can use a new one per request), so a limit per IPv6 address would be no limit. The address is the TCP
/// peer's: <c>X-Forwarded-For</c> is never trusted.</remarks>
internal static class ClientAddress
{
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
