// Licensed under the MIT license.

using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Dns;

/// <summary>Parses an address as a user or a "what is my IP" service writes it.</summary>
public static class IPAddressText
{
    /// <summary>An IPv6 address, or an IPv4 address of four dotted numbers. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
    /// alone also takes shorthand such as <c>1.2.3</c> (1.2.0.3) or <c>10</c>, which is a typo here, not an address.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPAddress.TryParse(text, out address) && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3))
        {
            return true;
        }

        address = null;
        return false;
    }
}
