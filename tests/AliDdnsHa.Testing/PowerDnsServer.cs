// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>A real PowerDNS Authoritative (<c>pdns_server</c> from Debian's <c>pdns-server</c>, gsqlite3 backend) in the
/// foreground on a loopback port, set up with docs/providers.md's pdns.conf lines, pdnsutil commands and policy script as written.</summary>
public sealed class PowerDnsServer : ForegroundDnsServer, IAuthoritativeServer
{
    public const string Zone = "example.test";

    private PowerDnsServer(string folder, int port)
        : base(folder, port)
    {
    }

    /// <summary>The key's base64 secret, as <c>pdnsutil generate-tsig-key</c> made it.</summary>
    public string Secret { get; private set; } = "";

    public static async Task<PowerDnsServer> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-pdns-").FullName;
        var port = FreePort.Next();
        var database = Path.Combine(folder, "pdns.sqlite3");
        var schema = await File.ReadAllTextAsync("/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql", cancellationToken);
        await CheckAsync(await ProcessRunner.RunAsync(ExternalTool.Find("sqlite3"), [database], schema, cancellationToken: cancellationToken), "sqlite3");

        var policy = Path.Combine(folder, "aliddnsha-policy.lua");
        await File.WriteAllTextAsync(
            policy, DocSnippet.Get("docs/providers.md", "-- /etc/powerdns/aliddnsha-policy.lua").Replace("home.example.com", $"home.{Zone}", StringComparison.Ordinal), cancellationToken);
        var readme = DocSnippet.Get("docs/providers.md", "# PowerDNS Authoritative (pdns.conf)");
        var settings = readme.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Replace("/etc/powerdns/aliddnsha-policy.lua", policy, StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(folder, "pdns.conf"), string.Join('\n', [
            .. settings,
            "launch=gsqlite3",
            $"gsqlite3-database={database}",
            "local-address=127.0.0.1",
            $"local-port={port}",
            $"socket-dir={folder}",
            "daemon=no",
            "guardian=no",
            "disable-syslog=yes",
            "webserver=no",
            "loglevel=5",
            ""]), cancellationToken);

        var zoneFile = Path.Combine(folder, $"{Zone}.zone");
        await File.WriteAllTextAsync(zoneFile, ZoneFile.Text(Zone), cancellationToken);
        await PdnsutilAsync(folder, ["load-zone", Zone, zoneFile], cancellationToken);

        // The docs/providers.md's pdnsutil commands, as written (for the test zone).
        var secret = "";
        foreach (var command in readme.Split('\n').Where(l => l.StartsWith("#   pdnsutil ", StringComparison.Ordinal)))
        {
            var arguments = command["#   pdnsutil ".Length..].Replace("example.com", Zone, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var output = await PdnsutilAsync(folder, arguments, cancellationToken);
            if (arguments[0] == "generate-tsig-key")
            {
                secret = output.Trim().Split(' ')[^1]; // "Create new TSIG key aliddnsha hmac-sha256 <secret>"
            }
        }

        var server = new PowerDnsServer(folder, port) { Secret = secret };
        await server.RunAsync("pdns_server", [$"--config-dir={folder}"], Zone, "SOA", cancellationToken);
        return server;
    }

    private static async Task<string> PdnsutilAsync(string folder, string[] arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("pdnsutil"), [$"--config-dir={folder}", .. arguments], cancellationToken: cancellationToken);
        await CheckAsync(result, $"pdnsutil {string.Join(' ', arguments)}");
        return result.StandardOutput;
    }

    private static Task CheckAsync(ProcessResult result, string what) =>
        result.ExitCode == 0 ? Task.CompletedTask : throw new InvalidOperationException($"{what} failed: {result}");
}
