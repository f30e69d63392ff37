// Licensed under the MIT license.

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Bench;

/// <summary>What idle connections cost the controller in memory: N keep-alive connections, each served one
/// <c>/healthz</c> and then left open, from N / 30 loopback addresses (within the default 32 per client), with
/// <c>Web.MaxConnections</c> raised above N.</summary>
internal static class IdleConnectionsBenchmark
{
    public static async Task<string> RunAsync(string binary, int connections, int runs)
    {
        List<double> before = [], after = [], perConnection = [];
        for (var run = 0; run < runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("aliddnsha-bench-conns-").FullName;
            var sockets = new List<Socket>();
            try
            {
                var port = ScaleBenchmark.Free();
                using var listener = new TimedListenerGroup(1, TimeSpan.FromSeconds(1));
                await File.WriteAllTextAsync(Path.Combine(folder, "config.yaml"), $$"""
                    Urls: http://127.0.0.1:{{port}}
                    Web: { MaxConnections: {{connections + 50}} }
                    Providers: { local: { Type: HostsFile, Path: {{folder}}/hosts } }
                    Targets:
                      - { Name: home.example.test, Provider: local, Ttl: 60, Port: {{listener.Port}}, Sources: [ { Name: up, Address: {{listener.Listeners[0].Address}} } ] }
                    """);
                using var controller = new ControllerProcess(binary, Path.Combine(folder, "config.yaml"), folder);
                await Task.Delay(TimeSpan.FromSeconds(10));

                // One connection first, so the cost of Kestrel's first connection (its pools) is not charged to the rest.
                sockets.Add(await OpenAsync(IPAddress.Parse("127.22.0.250"), port));
                await Task.Delay(TimeSpan.FromSeconds(2));
                var rss0 = controller.Memory.Rss;
                for (var i = 0; i < connections; i++)
                {
                    sockets.Add(await OpenAsync(IPAddress.Parse($"127.22.0.{(i / 30) + 1}"), port));
                }

                await Task.Delay(TimeSpan.FromSeconds(5));
                var rss1 = controller.Memory.Rss;
                Assert(sockets.All(s => !s.Poll(0, SelectMode.SelectRead)), "a connection was closed while it should be held");
                before.Add(rss0);
                after.Add(rss1);
                perConnection.Add((rss1 - rss0) * 1024 / connections);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  idle connections: run {run + 1}: {rss0:F1} → {rss1:F1} MB, {perConnection[^1]:F1} KB each"));
            }
            finally
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }

                Directory.Delete(folder, recursive: true);
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"| {connections} idle keep-alive connections | {runs} | {Stats.Spread(before, "F1")} MB | {Stats.Spread(after, "F1")} MB | {Stats.Spread(perConnection, "F1")} KB |\n");
    }

    private static async Task<Socket> OpenAsync(IPAddress source, int port)
    {
        var socket = SourceBoundHttp.Bound(source);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var text = await RawHttp.ExchangeAsync(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", CancellationToken.None);
        Assert(RawHttp.IsWhole(text) && text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), $"no whole 200 answer: {text}");
        return socket;
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
