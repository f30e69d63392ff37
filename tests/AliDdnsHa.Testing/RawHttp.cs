// Licensed under the MIT license.

using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AliDdnsHa.Testing;

/// <summary>HTTP/1.1 by hand on a socket the test controls (its source address, what it sends and when), for what an
/// HttpClient would hide: refusals before a request is read, held connections, keep-alive.</summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> as written and reads one response until it is whole (by its
    /// Content-Length or its last chunk) or the server ends the connection; returns what came back, possibly
    /// nothing.</summary>
    public static async Task<string> ExchangeAsync(Socket socket, string request, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        }
        catch (SocketException)
        {
            // Refused before the request was all sent; what came back is still read.
        }

        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (!IsWhole(received.ToString()))
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, cancellationToken);
            }
            catch (SocketException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    /// <summary>Whether <paramref name="response"/> holds a whole response: its head, then as many body bytes as its
    /// Content-Length says, or a chunked body through its last chunk.</summary>
    public static bool IsWhole(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var headers = response[..end].Split("\r\n");
        if (headers.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
        {
            return response.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var length = headers.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && response.Length - (end + 4) >= int.Parse(length["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
