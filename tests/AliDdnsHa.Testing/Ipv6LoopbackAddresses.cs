// Licensed under the MIT license.

using System.Globalization;
using System.Net;

namespace AliDdnsHa.Testing;

/// <summary>Extra IPv6 addresses on the loopback interface, so IPv6 endpoints can fail over one by one as 127.0.0.x
/// addresses do for IPv4 (Linux gives <c>lo</c> only <c>::1</c>). Unique-local addresses (fd00::/8), which the
/// controller's address guard lets through; removed on dispose.</summary>
public sealed class Ipv6LoopbackAddresses : IAsyncDisposable
{
    private readonly List<IPAddress> _added;

    private Ipv6LoopbackAddresses(List<IPAddress> added) => _added = added;

    public IReadOnlyList<IPAddress> Addresses => _added;

    /// <summary>Adds <c>fd00:a11d:d05:{block}::1</c> … <c>::{count}</c> to <c>lo</c> (idempotent: <c>ip addr replace</c>).</summary>
    public static async Task<Ipv6LoopbackAddresses> AddAsync(int block, int count, CancellationToken cancellationToken)
    {
        if (!File.Exists("/proc/net/if_inet6") || !(await File.ReadAllTextAsync("/proc/net/if_inet6", cancellationToken)).Contains(" lo", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("this machine has no IPv6 loopback (::1 on lo); the dual-stack tests need it");
        }

        var added = new List<IPAddress>();
        for (var i = 1; i <= count; i++)
        {
            var address = IPAddress.Parse($"fd00:a11d:d05:{block.ToString(CultureInfo.InvariantCulture)}::{i.ToString(CultureInfo.InvariantCulture)}");
            var result = await ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["-6", "addr", "replace", $"{address}/128", "dev", "lo", "nodad"], cancellationToken: cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"cannot add {address} to lo: {result}");
            }

            added.Add(address);
        }

        return new Ipv6LoopbackAddresses(added);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var address in _added)
        {
            await ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["-6", "addr", "del", $"{address}/128", "dev", "lo"]);
        }
    }
}
