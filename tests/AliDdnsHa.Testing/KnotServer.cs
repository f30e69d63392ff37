// Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;

namespace AliDdnsHa.Testing;

/// <summary>A real Knot DNS (<c>knotd</c> from Debian's <c>knot</c>) in the foreground on a loopback port, primary for
/// one test zone, configured with the README's key, ACL and zone sections as written.</summary>
public sealed class KnotServer : IAuthoritativeServer
{
    public const string Zone = "example.test";
    public const string KeyName = "aliddnsha";

    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log;
    private readonly string _folder;

    private KnotServer(Process process, System.Collections.Concurrent.ConcurrentQueue<string> log, string folder, int port, string secret)
    {
        _process = process;
        _log = log;
        _folder = folder;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    public string Server => $"127.0.0.1:{Port}";

    /// <summary>The key's base64 secret.</summary>
    public string Secret { get; }

    public string Log => string.Join('\n', _log);

    public static async Task<KnotServer> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-knot-").FullName;
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(folder, $"{Zone}.zone"), ZoneFile.Text(Zone), cancellationToken);
        var readme = ReadmeSnippet.Get("# Knot DNS (knot.conf)")
            .Replace("<base64>", secret, StringComparison.Ordinal)
            .Replace("example.com", Zone, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "knot.conf"), $"""
            server:
                rundir: "{folder}"
                listen: 127.0.0.1@{port}
            log:
              - target: stderr
                any: info
            database:
                storage: "{folder}"
            template:
              - id: default
                storage: "{folder}"
                file: "%s.zone"
                zonefile-sync: -1
                journal-content: changes
            {readme}
            """, cancellationToken);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = ProcessRunner.Start(ExternalTool.Find("knotd"), ["-c", Path.Combine(folder, "knot.conf")], folder, onLine: log.Enqueue);
        var server = new KnotServer(process, log, folder, port, secret);
        await Dig.WaitForAnswerAsync(port, Zone, "SOA", process, () => server.Log, cancellationToken);
        return server;
    }

    /// <summary>Edits knot.conf and has knotd reload it (as an operator changing the ACL of a running server would).</summary>
    public async Task ReconfigureAsync(Func<string, string> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var path = Path.Combine(_folder, "knot.conf");
        await File.WriteAllTextAsync(path, edit(await File.ReadAllTextAsync(path, cancellationToken)), cancellationToken);
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("knotc"), ["-c", path, "reload"], cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"knotc reload failed: {result}\n{Log}");
        }
    }

    public Task<IReadOnlyList<string>> DigAsync(string name, string type = "A", CancellationToken cancellationToken = default) =>
        Dig.QueryAsync(Port, name, type, cancellationToken: cancellationToken);

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
