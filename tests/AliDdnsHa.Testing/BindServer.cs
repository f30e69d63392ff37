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
    /// <remarks><paramref name="updatePolicy"/> is the zone's update-policy grant (default: the key may change A and AAAA records of any name in the zone).</remarks>
    public static async Task<BindServer> StartAsync(string algorithm = "hmac-sha256", string? updatePolicy = null, CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-bind-").FullName;
        var keygen = await ProcessRunner.RunAsync(ExternalTool.Find("tsig-keygen"), ["-a", algorithm, KeyName], cancellationToken: cancellationToken);
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"tsig-keygen failed: {keygen}");
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "key.conf"), keygen.StandardOutput, cancellationToken);
        var secret = keygen.StandardOutput.Split('"')[3];
        await File.WriteAllTextAsync(Path.Combine(folder, $"{Zone}.zone"), ZoneFile.Text(Zone), cancellationToken);
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
              update-policy { {{updatePolicy ?? $"grant {KeyName} zonesub A AAAA;"}} };
            };
            zone "{{BrokenZone}}" {
              type primary;
              file "{{folder}}/missing.zone";
            };

            """, cancellationToken);

        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = ProcessRunner.Start(ExternalTool.Find("named"), ["-g", "-c", Path.Combine(folder, "named.conf")], folder, onLine: log.Enqueue);
        var server = new BindServer(process, log, folder, port, algorithm, secret);

        await Dig.WaitForAnswerAsync(port, Zone, "SOA", process, "named", () => server.Log, cancellationToken);
        return server;
    }

    /// <summary>The answer <c>dig</c> gets from this server for <paramref name="name"/> (short form, sorted).</summary>
    public Task<IReadOnlyList<string>> DigAsync(string name, string type = "A", CancellationToken cancellationToken = default) =>
        Dig.QueryAsync(Port, name, type, cancellationToken: cancellationToken);

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
