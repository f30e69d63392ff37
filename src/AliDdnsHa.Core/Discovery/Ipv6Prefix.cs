// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Discovery;

/// <summary>Joins a discovered IPv6 address's /64 prefix to a fixed interface id (<c>Ipv6Suffix</c>).</summary>
/// <remarks>An ISP that re-delegates the prefix changes the upper 64 bits; a server's interface id (its lower 64 bits,
/// set by a static token or EUI-64) stays, so the server's new address is the new prefix plus the old suffix.</remarks>
public static class Ipv6Prefix
{
    /// <summary>The upper 64 bits of <paramref name="address"/> and the lower 64 bits of <paramref name="suffix"/>;
    /// an IPv4 address is returned unchanged.</summary>
    public static IPAddress WithInterfaceId(IPAddress address, IPAddress suffix)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(suffix);
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || suffix.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        Span<byte> id = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        suffix.TryWriteBytes(id, out _);
        id[8..].CopyTo(bytes[8..]);
        return new IPAddress(bytes);
    }

    /// <summary>An interface id as users write it (<c>::1234:5678</c>); .NET would print <c>::18.52.86.120</c>.</summary>
    public static string FormatInterfaceId(IPAddress suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        Span<byte> bytes = stackalloc byte[16];
        suffix.TryWriteBytes(bytes, out _);
        var groups = new List<string>(4);
        for (var i = 8; i < 16; i += 2)
        {
            var group = (bytes[i] << 8) | bytes[i + 1];
            if (groups.Count > 0 || group != 0)
            {
                groups.Add(group.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return "::" + string.Join(':', groups);
    }
}
