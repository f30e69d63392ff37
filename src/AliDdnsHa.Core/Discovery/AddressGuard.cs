// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Discovery;

/// <summary>Decides which discovered addresses may be probed and published at all.</summary>
/// <remarks>
/// By default an address no client outside could reach is refused: "this network" (0.0.0.0/8), carrier-grade NAT
/// (100.64.0.0/10: the line sits behind the ISP's NAT), link-local, multicast and reserved ranges, and their IPv6
/// counterparts. A target's <c>DenyAddresses</c> refuses more; its <c>AllowAddresses</c> lets chosen addresses of the
/// default ranges through again. An explicit deny wins over an allow.
/// </remarks>
public sealed class AddressGuard(IReadOnlyList<IPNetwork> allow, IReadOnlyList<IPNetwork> deny)
{
    private static readonly (IPNetwork Network, string Reason)[] s_defaults =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "this_network"),
        (IPNetwork.Parse("100.64.0.0/10"), "cgnat"),
        (IPNetwork.Parse("169.254.0.0/16"), "link_local"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("fe80::/10"), "link_local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    /// <summary>Why <paramref name="address"/> must not be published, or <see langword="null"/> when it may.</summary>
    public string? Refuse(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (deny.Any(n => n.Contains(address)))
        {
            return "denied";
        }

        if (allow.Any(n => n.Contains(address)))
        {
            return null;
        }

        foreach (var (network, reason) in s_defaults)
        {
            if (network.Contains(address))
            {
                return reason;
            }
        }

        return null;
    }
}
