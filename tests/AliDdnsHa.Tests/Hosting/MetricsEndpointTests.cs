// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace AliDdnsHa.Tests.Hosting;

/// <summary><c>/metrics</c> on a real socket, with an exposition larger than the kernel's socket buffers.</summary>
public sealed class MetricsEndpointTests : IAsyncDisposable
{
    private readonly TempConfig _config = new("""
        Urls: http://127.0.0.1:0
        Providers:
          local: { Type: HostsFile, Path: "{hosts}" }
        Targets:
          - { Name: home.example.com, Provider: local, Port: 9, Sources: [ { Name: wan1, Address: 192.0.2.1 } ] }
        """);

    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AScraperThatStopsReading_DoesNotHoldUpTheNextScrape_AndStillGetsItsWholeBody()
    {
        (_app, _) = await TestHost.StartAsync(_config.Path);
        var url = _app.Url("/metrics");
        using var stalled = await StartStalledScrapeAsync(url, timeoutHeader: null);

        using var http = new HttpClient();
        using var second = await http.GetAsync(url, Ct);
        var body = await second.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(second.Content.Headers.ContentLength, body.Length);
        Assert.True(body.Length > 10_000_000, $"{body.Length} bytes");

        // Only now does the first client read: its response arrives whole, as nothing gave up on it.
        var (_, length, received) = await ReadResponseAsync(stalled);
        // Whole, and the large exposition: not byte-equal to the second one, whose series and values moved on since
        // (a difference of 3 KB in 13 MB was seen).
        Assert.Equal(length, received);
        Assert.True(received > 10_000_000, $"{received} bytes");
    }

    [Fact]
    public async Task AStalledScrape_IsCutOffAtItsOwnTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (_app, _) = await TestHost.StartAsync(_config.Path, services => services.AddSingleton<TimeProvider>(time));
        using var stalled = await StartStalledScrapeAsync(_app.Url("/metrics"), timeoutHeader: "10");

        time.Advance(TimeSpan.FromSeconds(10));

        var (_, length, received) = await ReadResponseAsync(stalled);
        Assert.True(received < length, $"{received} of {length} bytes: the connection should have been cut off");
    }

    /// <summary>Makes the exposition about 12 MB, more than loopback's send buffer (4 MB at most) and a small receive
    /// buffer hold, then sends a scrape from a client that does not read, and returns once the response has begun: its
    /// serialising is over and its one write is under way.</summary>
    private async Task<Socket> StartStalledScrapeAsync(Uri url, string? timeoutHeader)
    {
        var gauge = Metrics.WithCustomRegistry(_app!.Services.GetRequiredService<CollectorRegistry>())
            .CreateGauge("test_filler", "Series that make the exposition large.", "series");
        var padding = new string('x', 100);
        for (var i = 0; i < 100_000; i++)
        {
            gauge.WithLabels($"{padding}{i}").Set(i);
        }

        var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(IPAddress.Loopback, url.Port, Ct);
        var header = timeoutHeader is null ? "" : $"X-Prometheus-Scrape-Timeout-Seconds: {timeoutHeader}\r\n";
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:{url.Port}\r\n{header}\r\n"), Ct);
        Assert.True(stalled.Poll(TimeSpan.FromSeconds(30), SelectMode.SelectRead));
        return stalled;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config.Dispose();
    }

    /// <summary>Reads one HTTP/1.1 response with a Content-Length until it is whole or the connection ends; returns the
    /// Content-Length and the length of the body received.</summary>
    private static async Task<(string Head, long ContentLength, long Received)> ReadResponseAsync(Socket socket)
    {
        var buffer = new byte[1 << 16];
        var head = new StringBuilder();
        long? contentLength = null;
        long body = 0;
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, Ct);
            }
            catch (SocketException)
            {
                read = 0; // reset by the server
            }

            if (read == 0)
            {
                return (head.ToString(), contentLength ?? -1, body);
            }

            if (contentLength is null)
            {
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = head.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                var line = text.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                contentLength = long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                body = Encoding.ASCII.GetByteCount(text) - (end + 4);
                head.Length = end;
            }
            else
            {
                body += read;
            }

            if (body >= contentLength)
            {
                return (head.ToString(), contentLength.Value, body);
            }
        }
    }
}
