// Licensed under the MIT license.

using System.Diagnostics;

namespace AliDdnsHa.Testing;

/// <summary>A real dnsmasq in the foreground on a loopback port, serving a hosts folder with the README's lines as written.</summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log;

    private readonly string _folder;

    private DnsmasqServer(Process process, System.Collections.Concurrent.ConcurrentQueue<string> log, string folder, int port)
    {
        _process = process;
        _log = log;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Log => string.Join('\n', _log);

    /// <summary>Starts dnsmasq for <paramref name="hostsFolder"/>; returns once it answers <paramref name="readyName"/>.</summary>
    public static async Task<DnsmasqServer> StartAsync(string hostsFolder, string readyName, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-dnsmasq-").FullName; // not in hostsdir: every file there is read as hosts
        var configuration = Path.Combine(folder, "dnsmasq.conf");
        var port = FreePort.Next();
        var readme = ReadmeSnippet.Get("# dnsmasq (dnsmasq.conf)").Replace("/srv/aliddnsha/data", hostsFolder, StringComparison.Ordinal);
        await File.WriteAllTextAsync(configuration, readme, cancellationToken);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = ProcessRunner.Start(
            ExternalTool.Find("dnsmasq"),
            ["--keep-in-foreground", "--log-facility=-", "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1", $"--port={port}", $"--conf-file={configuration}", "--user=root"],
            folder,
            onLine: log.Enqueue);
        var server = new DnsmasqServer(process, log, folder, port);
        await Dig.WaitForAnswerAsync(port, readyName, "A", process, () => server.Log, cancellationToken);
        return server;
    }

    public Task<IReadOnlyList<string>> DigAsync(string name, CancellationToken cancellationToken = default) =>
        Dig.QueryAsync(Port, name, "A", cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
