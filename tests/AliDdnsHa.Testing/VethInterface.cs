// Licensed under the MIT license.

using System.Globalization;

namespace AliDdnsHa.Testing;

/// <summary>A network interface the test owns: one end of a veth pair whose other end sits in a network namespace
/// created for the test, so addresses can be added and removed without touching the machine's real interfaces. No
/// traffic is sent; the controller only reads the addresses. Removed (with its namespace) on dispose.</summary>
public sealed class VethInterface : IAsyncDisposable
{
    private readonly string _namespace;

    private VethInterface(string name, string ns)
    {
        Name = name;
        _namespace = ns;
    }

    /// <summary>The interface's name in this (the test's) namespace.</summary>
    public string Name { get; }

    public static async Task<VethInterface> CreateAsync(CancellationToken cancellationToken)
    {
        var id = Random.Shared.Next(0x10000, 0xFFFFF).ToString("x", CultureInfo.InvariantCulture);
        var name = $"adh{id}";
        var ns = $"aliddnsha-{id}";
        await RemoveStaleAsync(cancellationToken);
        await IpAsync(["netns", "add", ns], cancellationToken);
        var veth = new VethInterface(name, ns);
        try
        {
            await IpAsync(["link", "add", name, "type", "veth", "peer", "name", $"adp{id}", "netns", ns], cancellationToken);
            await File.WriteAllTextAsync($"/proc/sys/net/ipv6/conf/{name}/use_tempaddr", "2", cancellationToken);
            await IpAsync(["link", "set", name, "up"], cancellationToken);
            await IpAsync(["-n", ns, "link", "set", $"adp{id}", "up"], cancellationToken);
            return veth;
        }
        catch
        {
            await veth.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds an address (<c>192.0.2.7/24</c>, <c>2001:db8::1/64</c>) with extra <c>ip addr</c> words such as
    /// <c>mngtmpaddr</c> (the kernel then derives a temporary address from it) or <c>preferred_lft 0</c> (deprecated).</summary>
    public Task AddAsync(string cidr, params string[] options) =>
        IpAsync(["addr", "add", cidr, "dev", Name, "nodad", .. options], CancellationToken.None);

    public Task RemoveAsync(string cidr) => IpAsync(["addr", "del", cidr, "dev", Name], CancellationToken.None);

    /// <summary>The kernel's IPv6 address lines of the interface (<c>ip -6 -o addr show</c>).</summary>
    public async Task<string> ShowIpv6Async() => (await IpAsync(["-6", "-o", "addr", "show", "dev", Name], CancellationToken.None)).StandardOutput;

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["link", "del", Name]);
        await ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["netns", "del", _namespace]);
    }

    /// <summary>Deletes namespaces a killed test run left behind (their veth ends go with them).</summary>
    private static async Task RemoveStaleAsync(CancellationToken cancellationToken)
    {
        var list = await IpAsync(["netns", "list"], cancellationToken);
        foreach (var line in list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var ns = line.Split(' ')[0];
            if (ns.StartsWith("aliddnsha-", StringComparison.Ordinal))
            {
                await ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["netns", "del", ns], cancellationToken: cancellationToken);
            }
        }
    }

    private static async Task<ProcessResult> IpAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("ip"), arguments, cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }

        return result;
    }
}
