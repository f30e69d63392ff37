// Licensed under the MIT license.

using System.Security.Cryptography;

namespace AliDdnsHa.Testing;

/// <summary>A real Knot DNS (<c>knotd</c> from Debian's <c>knot</c>) in the foreground on a loopback port, primary for
/// one test zone, configured with docs/providers.md's key, ACL and zone sections as written.</summary>
public sealed class KnotServer : ForegroundDnsServer, IAuthoritativeServer
{
    public const string Zone = "example.test";

    private readonly string _configuration;

    private KnotServer(string folder, int port, string secret)
        : base(folder, port)
    {
        Secret = secret;
        _configuration = Path.Combine(folder, "knot.conf");
    }

    /// <summary>The key's base64 secret.</summary>
    public string Secret { get; }

    public static async Task<KnotServer> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-knot-").FullName;
        var server = new KnotServer(folder, FreePort.Next(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await File.WriteAllTextAsync(Path.Combine(folder, $"{Zone}.zone"), ZoneFile.Text(Zone), cancellationToken);
        var readme = DocSnippet.Get("docs/providers.md", "# Knot DNS (knot.conf)")
            .Replace("<base64>", server.Secret, StringComparison.Ordinal)
            .Replace("example.com", Zone, StringComparison.Ordinal);
        await File.WriteAllTextAsync(server._configuration, $"""
            server:
                rundir: "{folder}"
                listen: 127.0.0.1@{server.Port}
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
        await server.RunAsync("knotd", ["-c", server._configuration], Zone, "SOA", cancellationToken);
        return server;
    }

    /// <summary>Edits knot.conf and has knotd reload it (as an operator changing the ACL of a running server would).</summary>
    public async Task ReconfigureAsync(Func<string, string> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await File.WriteAllTextAsync(_configuration, edit(await File.ReadAllTextAsync(_configuration, cancellationToken)), cancellationToken);
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("knotc"), ["-c", _configuration, "reload"], cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"knotc reload failed: {result}\n{Log}");
        }
    }
}
