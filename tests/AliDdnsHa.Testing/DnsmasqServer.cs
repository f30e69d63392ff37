// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>A real dnsmasq in the foreground on a loopback port, serving a hosts folder with docs/providers.md's lines as written.</summary>
public sealed class DnsmasqServer : ForegroundDnsServer
{
    private DnsmasqServer(string folder, int port)
        : base(folder, port)
    {
    }

    /// <summary>Starts dnsmasq for <paramref name="hostsFolder"/>; returns once it answers <paramref name="readyName"/>.</summary>
    public static async Task<DnsmasqServer> StartAsync(string hostsFolder, string readyName, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-dnsmasq-").FullName; // not in hostsdir: every file there is read as hosts
        var configuration = Path.Combine(folder, "dnsmasq.conf");
        var server = new DnsmasqServer(folder, FreePort.Next());
        var readme = DocSnippet.Get("docs/providers.md", "# dnsmasq (dnsmasq.conf)").Replace("/srv/aliddnsha/data", hostsFolder, StringComparison.Ordinal);
        await File.WriteAllTextAsync(configuration, readme, cancellationToken);
        await server.RunAsync(
            "dnsmasq",
            ["--keep-in-foreground", "--log-facility=-", "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1", $"--port={server.Port}", $"--conf-file={configuration}", "--user=root"],
            readyName,
            "A",
            cancellationToken);
        return server;
    }
}
