// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AliDdnsHa.Testing;

/// <summary>A raw HTTP/1.1 server on loopback that answers every request with what the test scripts: any status and
/// body, garbage that is not HTTP, or nothing at all (a vantage that hangs). Real sockets, no framework in between.</summary>
public sealed class ScriptedHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private int _requests;

    /// <summary>Listens on <paramref name="address"/> (127.0.0.1 by default; <c>::1</c> for IPv6 tests).</summary>
    public ScriptedHttpServer(IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>The address each request came from, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<IPAddress> Clients { get; } = new();

    /// <summary>The raw bytes sent back for each request (<see langword="null"/> to answer nothing and keep the connection open).</summary>
    public Func<string, string?> Respond { get; set; } = _ => Http(200, "probe_success 1\n");

    public Uri Url => new($"http://{new IPEndPoint(((IPEndPoint)_listener.LocalEndpoint).Address, Port)}");

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A complete HTTP response.</summary>
    public static string Http(int status, string body, string contentType = "text/plain") =>
        $"HTTP/1.1 {status} Scripted\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                Clients.Enqueue(((IPEndPoint)client.Client.RemoteEndPoint!).Address);
                Interlocked.Increment(ref _requests);
                var response = Respond(request.ToString());
                if (response is null)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _stopping.Token);
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
            }
        }
    }
}
