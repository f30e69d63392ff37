// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace AliDdnsHa.Testing;

/// <summary>An attacker on the LAN against the controller's HTTP port, from loopback addresses that stand for other
/// hosts: <see cref="Guessers"/> tasks guessing a basic-auth password (a new random one each request, like a
/// brute-forcer), <see cref="SlowlorisConnections"/> connections that send a header every few seconds and never finish
/// (reopened each second when closed), and a loop of requests with 64 KB of headers. Meanwhile a health checker at
/// 127.0.0.1 asks <c>/healthz</c> twice a second on a new connection, as a container health check does.</summary>
/// <remarks>Bounded in time (the token) and in requests (<see cref="MaxRequests"/> per task), so it can never run away.</remarks>
public sealed class LanAttack
{
    public static readonly IPAddress GuesserHost = IPAddress.Parse("127.0.0.91");
    public static readonly IPAddress SlowlorisHost = IPAddress.Parse("127.0.0.92");
    public static readonly IPAddress JunkHost = IPAddress.Parse("127.0.0.93");

    private readonly Uri _baseUrl;
    private readonly string _user;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<double> _healthSeconds = [];

    public LanAttack(Uri baseUrl, string user)
    {
        _baseUrl = baseUrl;
        _user = user;
    }

    public int Guessers { get; init; } = 6;

    public int SlowlorisConnections { get; init; } = 300;

    public int JunkSenders { get; init; } = 1;

    public long MaxRequests { get; init; } = 1_000_000;

    /// <summary>Answers and events, by kind: <c>guess 401</c>, <c>guess 429</c>, <c>junk 431</c>, <c>slowloris opened</c>,
    /// <c>slowloris closed</c>, <c>health ok</c>, <c>health failed</c>, ….</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>The time of each <c>/healthz</c> answer, in seconds (a failure counts as the time it took to fail).</summary>
    public IReadOnlyCollection<double> HealthSeconds => _healthSeconds;

    public async Task RunAsync(CancellationToken stop)
    {
        var tasks = new List<Task>();
        tasks.AddRange(Enumerable.Range(0, Guessers).Select(_ => Task.Run(() => GuessAsync(stop), CancellationToken.None)));
        tasks.AddRange(Enumerable.Range(0, JunkSenders).Select(_ => Task.Run(() => JunkAsync(stop), CancellationToken.None)));
        tasks.Add(Task.Run(() => SlowlorisAsync(stop), CancellationToken.None));
        tasks.Add(Task.Run(() => HealthAsync(stop), CancellationToken.None));
        await Task.WhenAll(tasks);
    }

    private void Count(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private async Task GuessAsync(CancellationToken stop)
    {
        using var http = SourceBoundHttp.Create(GuesserHost, TimeSpan.FromSeconds(30));
        for (long i = 0; i < MaxRequests && !stop.IsCancellationRequested; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUrl, "/metrics"));
            var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{password}")));
            try
            {
                using var response = await http.SendAsync(request, stop);
                Count($"guess {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                Count(stop.IsCancellationRequested ? "guess stopped" : "guess failed");
            }
        }
    }

    private async Task JunkAsync(CancellationToken stop)
    {
        var junk = Encoding.ASCII.GetBytes($"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Junk: {new string('j', 64 * 1024)}\r\n\r\n");
        var buffer = new byte[1024];
        for (long i = 0; i < MaxRequests && !stop.IsCancellationRequested; i++)
        {
            using var socket = SourceBoundHttp.Bound(JunkHost);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, _baseUrl.Port, stop);
                try
                {
                    await socket.SendAsync(junk, stop);
                }
                catch (SocketException)
                {
                    // Cut off while sending: the answer may still be there to read.
                }

                var read = await socket.ReceiveAsync(buffer, stop);
                var status = read >= 12 ? Encoding.ASCII.GetString(buffer, 9, 3) : "closed";
                Count($"junk {status}");
            }
            catch (SocketException)
            {
                Count("junk reset");
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SlowlorisAsync(CancellationToken stop)
    {
        var sockets = new Socket?[SlowlorisConnections];
        try
        {
            for (long round = 0; round < MaxRequests && !stop.IsCancellationRequested; round++)
            {
                for (var i = 0; i < sockets.Length; i++)
                {
                    var socket = sockets[i];
                    if (socket is not null && IsClosed(socket))
                    {
                        Count("slowloris closed");
                        socket.Dispose();
                        socket = sockets[i] = null;
                    }

                    try
                    {
                        if (socket is null)
                        {
                            socket = SourceBoundHttp.Bound(SlowlorisHost);
                            sockets[i] = socket;
                            await socket.ConnectAsync(IPAddress.Loopback, _baseUrl.Port, stop);
                            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: x\r\n"), stop);
                            Count("slowloris opened");
                        }
                        else if (round % 5 == 0)
                        {
                            await socket.SendAsync(Encoding.ASCII.GetBytes($"X-a: {round}\r\n"), stop);
                        }
                    }
                    catch (SocketException)
                    {
                        Count("slowloris refused");
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    private static bool IsClosed(Socket socket)
    {
        try
        {
            // Readable with nothing to read is an orderly close; a 408 or 503 to read means the server is closing.
            return socket.Poll(0, SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private async Task HealthAsync(CancellationToken stop)
    {
        for (long i = 0; i < MaxRequests && !stop.IsCancellationRequested; i++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var http = SourceBoundHttp.Create(IPAddress.Loopback, TimeSpan.FromSeconds(5));
                using var response = await http.GetAsync(new Uri(_baseUrl, "/healthz"), stop);
                Count(response.IsSuccessStatusCode ? "health ok" : "health failed");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                Count("health failed");
            }

            _healthSeconds.Add(watch.Elapsed.TotalSeconds);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
