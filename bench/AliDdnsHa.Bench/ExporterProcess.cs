// Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Bench;

/// <summary>A real blackbox_exporter for the Blackbox-vantage benchmark, with its CPU time from /proc.</summary>
internal sealed class ExporterProcess : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-bench-blackbox-").FullName;
    private Process? _process;

    public int Port { get; } = ScaleBenchmark.Free();

    public double CpuSeconds => ControllerProcess.CpuSecondsOf(_process!.Id);

    public async Task StartAsync()
    {
        var config = Path.Combine(_folder, "blackbox.yml");
        await File.WriteAllTextAsync(config, "modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n    tcp:\n      preferred_ip_protocol: ip4\n");
        _process = ProcessRunner.Start(ExternalTool.Find("prometheus-blackbox-exporter"), [$"--config.file={config}", $"--web.listen-address=127.0.0.1:{Port}", "--log.level=warn"], _folder);
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("blackbox_exporter did not start");
    }

    /// <summary>Times <paramref name="count"/> sequential direct TCP connects and exporter probes of one listener, in ms.</summary>
    public async Task<(List<double> Direct, List<double> RoundTrip)> RoundTripAsync(int count)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(1024);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stopping = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    (await listener.AcceptSocketAsync(stopping.Token)).Dispose();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        using var http = new HttpClient();
        List<double> direct = [], roundTrip = [];
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
            }

            direct.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/probe?module=tcp_connect&target=127.0.0.1:{port}"));
            roundTrip.Add(watch.Elapsed.TotalMilliseconds);
            if (!body.Contains("probe_success 1", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"exporter probe failed: {body}");
            }
        }

        await stopping.CancelAsync();
        await accepting;
        return (direct, roundTrip);
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
