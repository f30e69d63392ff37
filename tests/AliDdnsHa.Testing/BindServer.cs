// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace AliDdnsHa.Testing;

/// <summary>A real BIND <c>named</c> on a loopback port, primary for one test zone, taking TSIG-signed updates of A
/// records (a key made by <c>tsig-keygen</c>), and <c>dig</c> to see what clients would get.</summary>
public sealed class BindServer : IAsyncDisposable
{
    public const string Zone = "example.test";
    public const string KeyName = "aliddnsha-key";

    /// <summary>A zone whose file is missing: named answers SERVFAIL for it.</summary>
    public const string BrokenZone = "broken.test";

    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log;

    private BindServer(Process process, System.Collections.Concurrent.ConcurrentQueue<string> log, string folder, int port, string algorithm, string secret)
    {
        _process = process;
        _log = log;
        Folder = folder;
        Port = port;
        Algorithm = algorithm;
        Secret = secret;
    }

    public string Folder { get; }

    public int Port { get; }

    public string Server => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Algorithm { get; }

    /// <summary>The key's base64 secret.</summary>
    public string Secret { get; }

    /// <summary>The key statement as tsig-keygen wrote it.</summary>
    public string KeyFile => Path.Combine(Folder, "key.conf");

    /// <summary>What named logged so far (for failure messages).</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>Generates a key, writes the zone and configuration, starts named and waits until it answers for the zone.</summary>
    public static async Task<BindServer> StartAsync(string algorithm = "hmac-sha256", CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-bind-").FullName;
        var keygen = await ProcessRunner.RunAsync(ExternalTool.Find("tsig-keygen"), ["-a", algorithm, KeyName], cancellationToken: cancellationToken);
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"tsig-keygen failed: {keygen}");
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "key.conf"), keygen.StandardOutput, cancellationToken);
        var secret = keygen.StandardOutput.Split('"')[3];
        await File.WriteAllTextAsync(Path.Combine(folder, $"{Zone}.zone"), $"""
            $TTL 60
            @ IN SOA ns.{Zone}. hostmaster.{Zone}. 1 3600 600 86400 60
            @ IN NS ns.{Zone}.
            ns IN A 127.0.0.1
            other IN A 192.0.2.250

            """, cancellationToken);
        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(folder, "named.conf"), $$"""
            options {
              directory "{{folder}}";
              pid-file "{{folder}}/named.pid";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              recursion no;
              allow-query { any; };
              dnssec-validation no;
              session-keyfile "{{folder}}/session.key";
              managed-keys-directory "{{folder}}";
            };
            controls { };
            include "{{folder}}/key.conf";
            zone "{{Zone}}" {
              type primary;
              file "{{folder}}/{{Zone}}.zone";
              update-policy { grant {{KeyName}} zonesub A; };
            };
            zone "{{BrokenZone}}" {
              type primary;
              file "{{folder}}/missing.zone";
            };

            """, cancellationToken);

        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = ProcessRunner.Start(ExternalTool.Find("named"), ["-g", "-c", Path.Combine(folder, "named.conf")], folder, onLine: log.Enqueue);
        var server = new BindServer(process, log, folder, port, algorithm, secret);

        // named is another process with no event to wait on: ask it until the zone answers (bounded).
        var watch = Stopwatch.StartNew();
        while ((await server.DigAsync(Zone, "SOA", cancellationToken)).Count == 0)
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"named did not start: {server.Log}");
            }

            await Task.Delay(100, cancellationToken);
        }

        return server;
    }

    /// <summary>The answer <c>dig</c> gets from this server for <paramref name="name"/> (short form, sorted).</summary>
    public async Task<IReadOnlyList<string>> DigAsync(string name, string type = "A", CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunAsync(
            ExternalTool.Find("dig"), ["@127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "+short", "+norecurse", "+time=1", "+tries=1", name, type], cancellationToken: cancellationToken);
        return result.ExitCode != 0 ? [] : [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
    }

    /// <summary>Runs <c>nsupdate</c> with this server's key (as an operator or another tool would) on <paramref name="commands"/>.</summary>
    public async Task NsupdateAsync(string commands, CancellationToken cancellationToken = default)
    {
        var script = $"server 127.0.0.1 {Port.ToString(CultureInfo.InvariantCulture)}\nzone {Zone}\n{commands}\nsend\n";
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("nsupdate"), ["-k", KeyFile], standardInput: script, cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"nsupdate failed: {result}");
        }
    }

    /// <summary>The addresses <c>dig</c> gets for <paramref name="name"/>, as IP addresses.</summary>
    public async Task<IReadOnlyList<IPAddress>> AddressesAsync(string name, CancellationToken cancellationToken = default) =>
        [.. (await DigAsync(name, "A", cancellationToken)).Select(IPAddress.Parse)];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
