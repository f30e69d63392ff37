// Licensed under the MIT license.

using System.Diagnostics;
using System.Net;

namespace AliDdnsHa.Testing;

/// <summary>A real blackbox_exporter (the Debian package's binary) on loopback, as a remote vantage for the tests.</summary>
/// <remarks>Its one module, <c>tcp_connect</c>, dials from <see cref="SourceAddress"/>, so a firewall rule on that
/// address makes an endpoint unreachable from this exporter alone. It can be stopped and started again on the same port.</remarks>
public sealed class BlackboxExporter : IAsyncDisposable
{
    private readonly string _folder;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    private BlackboxExporter(string folder, IPAddress? sourceAddress, int port, bool tls)
    {
        _folder = folder;
        SourceAddress = sourceAddress;
        Port = port;
        Url = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}");
    }

    /// <summary>The address its probes come from; <see langword="null"/> lets the kernel choose.</summary>
    public IPAddress? SourceAddress { get; }

    /// <summary>The exporter's process id while it runs (for its CPU time in /proc).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the exporter is not running");

    public int Port { get; }

    public Uri Url { get; }

    public string Log => string.Join('\n', _log);

    /// <summary>Starts an exporter dialing from <paramref name="sourceAddress"/> (or any address when null). <paramref name="webConfigYaml"/> is the
    /// exporter-toolkit web config (TLS, basic auth); files named in it are written beside it from <paramref name="files"/>.</summary>
    public static async Task<BlackboxExporter> StartAsync(
        IPAddress? sourceAddress, string? webConfigYaml = null, IReadOnlyDictionary<string, string>? files = null, CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-blackbox-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "blackbox.yml"), $"""
            modules:
              tcp_connect:
                prober: tcp
                timeout: 5s
                tcp:
                  preferred_ip_protocol: ip4
            {(sourceAddress is null ? "" : $"      source_ip_address: {sourceAddress}")}
            """, cancellationToken);
        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), text, cancellationToken);
        }

        if (webConfigYaml is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "web.yml"), webConfigYaml, cancellationToken);
        }

        var exporter = new BlackboxExporter(folder, sourceAddress, FreePort.Next(), webConfigYaml?.Contains("tls_server_config", StringComparison.Ordinal) == true);
        await exporter.StartAsync(cancellationToken);
        return exporter;
    }

    /// <summary>Starts an exporter behind TLS (<paramref name="certificates"/>) and basic auth for one user, as the
    /// docs/where-to-run.md's web config does (the bcrypt hash comes from htpasswd).</summary>
    public static async Task<BlackboxExporter> StartSecuredAsync(
        IPAddress sourceAddress, string user, string password, TestCertificates certificates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var hash = await Htpasswd.HashAsync(user, password, cancellationToken);

        return await StartAsync(
            sourceAddress,
            $"""
            tls_server_config:
              cert_file: cert.pem
              key_file: key.pem
            basic_auth_users:
              {user}: {hash}
            """,
            new Dictionary<string, string> { ["cert.pem"] = certificates.CertificatePem, ["key.pem"] = certificates.KeyPem },
            cancellationToken);
    }

    /// <summary>Starts (again) on the same port; returns once it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        List<string> arguments = [$"--config.file={Path.Combine(_folder, "blackbox.yml")}", $"--web.listen-address=127.0.0.1:{Port}", "--log.level=warn"];
        if (File.Exists(Path.Combine(_folder, "web.yml")))
        {
            arguments.Add($"--web.config.file={Path.Combine(_folder, "web.yml")}");
        }

        _process = ProcessRunner.Start(ExternalTool.Find("prometheus-blackbox-exporter"), arguments, _folder, onLine: _log.Enqueue);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(20) && !_process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch (System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException($"blackbox_exporter did not start: {Log}");
            }
        }
    }

    /// <summary>Kills the exporter (it cannot be asked any more) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
