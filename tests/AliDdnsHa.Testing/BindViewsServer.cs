// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;

namespace AliDdnsHa.Testing;

/// <summary>A real BIND <c>named</c> on a loopback port running docs/providers.md's views snippet as written: one view per
/// line, chosen by the TSIG key (or the client's network), and a default view. Only paths, the port and the client
/// networks are substituted; the keys are made by <c>tsig-keygen</c> under the snippet's names.</summary>
public sealed class BindViewsServer : IAsyncDisposable
{
    public const string Zone = "example.com";

    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log;

    private BindViewsServer(Process process, System.Collections.Concurrent.ConcurrentQueue<string> log, string folder, int port)
    {
        _process = process;
        _log = log;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string Server => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Log => string.Join('\n', _log);

    /// <summary>The key file (a <c>tsig-keygen</c> key statement) of the key named <paramref name="keyName"/>.</summary>
    public string KeyFile(string keyName) => Path.Combine(Folder, keyName + ".key");

    /// <summary>Starts named with <paramref name="snippet"/> (docs/providers.md's views block); <paramref name="networks"/>
    /// maps each network written in the snippet to the loopback network the test asks from.</summary>
    public static async Task<BindViewsServer> StartAsync(string snippet, IReadOnlyDictionary<string, string> networks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        ArgumentNullException.ThrowIfNull(networks);
        var folder = Directory.CreateTempSubdirectory("aliddnsha-bind-views-").FullName;
        var text = snippet;
        foreach (var include in System.Text.RegularExpressions.Regex.Matches(snippet, @"include ""/etc/bind/([a-z0-9-]+)\.key"";").Select(m => m.Groups[1].Value))
        {
            var keygen = await ProcessRunner.RunAsync(ExternalTool.Find("tsig-keygen"), ["-a", "hmac-sha256", include], cancellationToken: cancellationToken);
            if (keygen.ExitCode != 0)
            {
                throw new InvalidOperationException($"tsig-keygen failed: {keygen}");
            }

            await File.WriteAllTextAsync(Path.Combine(folder, include + ".key"), keygen.StandardOutput, cancellationToken);
            text = text.Replace($"/etc/bind/{include}.key", Path.Combine(folder, include + ".key"), StringComparison.Ordinal);
        }

        foreach (var view in System.Text.RegularExpressions.Regex.Matches(snippet, @"/var/lib/bind/([a-z0-9-]+)/").Select(m => m.Groups[1].Value).Distinct())
        {
            Directory.CreateDirectory(Path.Combine(folder, view));
            await File.WriteAllTextAsync(Path.Combine(folder, view, $"{Zone}.zone"), ZoneFile.Text(Zone), cancellationToken);
            text = text.Replace($"/var/lib/bind/{view}/", Path.Combine(folder, view) + "/", StringComparison.Ordinal);
        }

        foreach (var (written, test) in networks)
        {
            text = text.Replace(written, test, StringComparison.Ordinal);
        }

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
            {{text}}
            """, cancellationToken);

        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = ProcessRunner.Start(ExternalTool.Find("named"), ["-g", "-c", Path.Combine(folder, "named.conf")], folder, onLine: log.Enqueue);
        var server = new BindViewsServer(process, log, folder, port);
        await Dig.WaitForAnswerAsync(port, Zone, "SOA", process, "named", () => server.Log, cancellationToken);
        return server;
    }

    /// <summary>What a client asking from <paramref name="source"/> gets for <paramref name="name"/> (short form, sorted).</summary>
    public Task<IReadOnlyList<string>> DigFromAsync(string source, string name, CancellationToken cancellationToken = default) =>
        Dig.QueryAsync(Port, name, "A", source: source, cancellationToken: cancellationToken);

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
