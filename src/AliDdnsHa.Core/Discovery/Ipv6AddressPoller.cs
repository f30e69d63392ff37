// Licensed under the MIT license.

namespace AliDdnsHa.Discovery;

/// <summary>Notices IPv6 address changes on Linux, where .NET raises <c>NetworkAddressChanged</c> for IPv4 only.</summary>
/// <remarks>
/// .NET's Linux implementation listens to the kernel's IPv4 address group alone, so an IPv6 address that comes or goes
/// raises nothing. Instead of a netlink socket of our own, this reads <c>/proc/net/if_inet6</c> (a few hundred bytes)
/// every <see cref="Period"/> and reports when its text changed: an Interface source of an AAAA target then follows a
/// new prefix within seconds rather than at the next <c>DiscoveryInterval</c>.
/// </remarks>
internal sealed class Ipv6AddressPoller(TimeProvider timeProvider, Action changed, string path = SystemInterfaceAddressReader.ProcIfInet6)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    public static bool IsSupported => File.Exists(SystemInterfaceAddressReader.ProcIfInet6);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = Read();
        try
        {
            while (true)
            {
                await Task.Delay(Period, timeProvider, cancellationToken);
                var current = Read();
                if (!string.Equals(current, last, StringComparison.Ordinal))
                {
                    last = current;
                    changed();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private string Read()
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
