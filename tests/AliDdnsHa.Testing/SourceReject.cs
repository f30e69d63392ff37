// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Testing;

/// <summary>An iptables rule that resets TCP connections from one source address to one endpoint: the endpoint is
/// then reachable from every vantage but the one that dials from that source (as an ISP that blocks inbound 443 is
/// seen from outside, while hairpin NAT still reaches it from inside). Removed on dispose.</summary>
public sealed class SourceReject : IAsyncDisposable
{
    private readonly string[] _rule;

    private SourceReject(string[] rule) => _rule = rule;

    public static async Task<SourceReject> AddAsync(IPAddress source, IPEndPoint destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        string[] rule = ["INPUT", "-p", "tcp", "-s", source.ToString(), "-d", destination.Address.ToString(), "--dport", destination.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j", "REJECT", "--reject-with", "tcp-reset"];
        await RunAsync(["-I", .. rule], cancellationToken);
        return new SourceReject(rule);
    }

    /// <summary>Silently drops every TCP packet to <paramref name="destination"/>: a server that never accepts (its
    /// SYN is never answered), as behind a firewall that drops.</summary>
    public static async Task<SourceReject> DropAsync(IPEndPoint destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string[] rule = ["INPUT", "-p", "tcp", "-d", destination.Address.ToString(), "--dport", destination.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j", "DROP"];
        await RunAsync(["-I", .. rule], cancellationToken);
        return new SourceReject(rule);
    }

    public async ValueTask DisposeAsync() => await RunAsync(["-D", .. _rule], CancellationToken.None);

    private static async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("iptables"), ["-w", .. arguments], cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"iptables {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }
    }
}
