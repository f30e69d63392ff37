// Licensed under the MIT license.

using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Discovery;

/// <summary>Reads an interface's addresses from the operating system.</summary>
/// <remarks>
/// IPv4 addresses come from <see cref="NetworkInterface"/>. For IPv6 a server must publish its stable address, not a
/// temporary (privacy) address that changes every few hours, nor a deprecated one that is on its way out. .NET does not
/// expose those flags on Linux (<c>SuffixOrigin</c> and <c>PrefixOrigin</c> throw there), so on Linux the IPv6
/// addresses are read from <c>/proc/net/if_inet6</c>, whose fifth column holds the kernel's address flags; elsewhere
/// .NET's list is used and only the address ranges are filtered. Link-local (fe80::/10) and unique-local (fc00::/7)
/// addresses are never returned: nobody outside the site can reach them.
/// </remarks>
public sealed class SystemInterfaceAddressReader(string procIfInet6 = SystemInterfaceAddressReader.ProcIfInet6) : IInterfaceAddressReader
{
    /// <summary>Where Linux lists every IPv6 address with its flags.</summary>
    public const string ProcIfInet6 = "/proc/net/if_inet6";

    // Kernel IFA_F_* flags, as /proc/net/if_inet6 prints their low byte.
    private const int Temporary = 0x01;
    private const int DadFailed = 0x08;
    private const int Deprecated = 0x20;
    private const int Tentative = 0x40;

    private static readonly IPNetwork s_uniqueLocal = IPNetwork.Parse("fc00::/7");

    public DiscoveryResult Read(string interfaceName, DnsRecordType type)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        var nic = Array.Find(NetworkInterface.GetAllNetworkInterfaces(), n => n.Name == interfaceName);
        if (nic is null)
        {
            return DiscoveryResult.Failed($"no network interface named '{interfaceName}'");
        }

        List<(IPAddress Address, string? Skip)> candidates;
        if (type == DnsRecordType.AAAA && File.Exists(procIfInet6))
        {
            candidates = [.. ParseIfInet6(File.ReadAllText(procIfInet6), interfaceName)];
        }
        else
        {
            candidates = [.. nic.GetIPProperties().UnicastAddresses
                .Select(u => u.Address)
                .Where(a => type.Holds(a))
                .Select(a => (a, a.AddressFamily == AddressFamily.InterNetworkV6 ? RangeSkip(a) : null))];
        }

        var found = candidates.Where(c => c.Skip is null).Select(c => c.Address).ToList();
        if (found.Count > 0)
        {
            return DiscoveryResult.Found(found);
        }

        var skipped = candidates.Count == 0 ? "" : $" (skipped: {string.Join(", ", candidates.Select(c => $"{c.Address} {c.Skip}"))})";
        return DiscoveryResult.Failed($"interface '{interfaceName}' has no global {type.FamilyName()} address{skipped}");
    }

    /// <summary>Each IPv6 address of <paramref name="interfaceName"/> in <c>/proc/net/if_inet6</c> text, with why it is
    /// skipped (<see langword="null"/> when it may be published).</summary>
    /// <remarks>A line is <c>ADDRESS(32 hex) IFINDEX PREFIXLEN SCOPE FLAGS NAME</c>, numbers in hex.</remarks>
    public static IEnumerable<(IPAddress Address, string? Skip)> ParseIfInet6(string text, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[5] != interfaceName || fields[0].Length != 32
                || !int.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags))
            {
                continue;
            }

            var address = new IPAddress(Convert.FromHexString(fields[0]));
            yield return (address, RangeSkip(address) ?? FlagSkip(flags));
        }
    }

    private static string? RangeSkip(IPAddress address) =>
        address.IsIPv6LinkLocal ? "link-local"
        : s_uniqueLocal.Contains(address) ? "unique-local"
        : null;

    private static string? FlagSkip(int flags) =>
        (flags & Temporary) != 0 ? "temporary"
        : (flags & Deprecated) != 0 ? "deprecated"
        : (flags & (Tentative | DadFailed)) != 0 ? "tentative"
        : null;
}
