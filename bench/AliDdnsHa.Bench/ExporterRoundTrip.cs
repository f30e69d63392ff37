// Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Bench;

/// <summary>What one question to a blackbox_exporter costs beside the TCP connect it makes.</summary>
internal static class ExporterRoundTrip
{
    /// <summary>Times <paramref name="count"/> sequential direct TCP connects and exporter probes of one listener, in ms.</summary>
    public static async Task<(List<double> Direct, List<double> RoundTrip)> MeasureAsync(Uri exporter, int count)
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
            var body = await http.GetStringAsync(new Uri(exporter, $"/probe?module=tcp_connect&target=127.0.0.1:{port}"));
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
}
