// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Discovery;

/// <summary>Asks a "what is my IP" URL for a line's public address.</summary>
/// <remarks>
/// The connection is made over the target's family only (an AAAA target asks over IPv6, so a dual-stack service such as
/// ipw.cn answers with the IPv6 address), and from <c>SourceAddress</c> when one is set, so on a host with several
/// lines each source asks through its own line. Up to three redirects are followed. The body is the address, trimmed, or
/// holds it in the JSON field <c>JsonPath</c> names. The URL's query and user info never appear in errors: they may
/// carry a token.
/// </remarks>
public sealed class UrlAddressFetcher(TimeSpan timeout, TimeProvider timeProvider) : IDisposable
{
    private const int MaxBody = 64 * 1024;
    private readonly ConcurrentDictionary<(IPAddress? Local, AddressFamily Family), HttpClient> _clients = new();

    public async Task<DiscoveryResult> FetchAsync(Uri url, string? jsonPath, IPAddress? sourceAddress, DnsRecordType type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var shown = Redact(url);
        var client = _clients.GetOrAdd((sourceAddress, type.AddressFamily()), key => CreateClient(key.Local, key.Family));
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        string body;
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return DiscoveryResult.Failed($"{shown} answered HTTP {(int)response.StatusCode}");
            }

            body = await response.Content.ReadAsStringAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DiscoveryResult.Failed($"{shown} did not answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return DiscoveryResult.Failed($"{shown}: {Describe(ex)}");
        }

        var text = jsonPath is null ? body.Trim() : Extract(body, jsonPath);
        if (text is null)
        {
            return DiscoveryResult.Failed($"{shown} answered JSON without a string field '{jsonPath}'");
        }

        if (!IPAddressText.TryParse(text, out var address))
        {
            return DiscoveryResult.Failed($"{shown} answered '{Printable(text)}', which is not an IP address{(jsonPath is null ? " (set JsonPath when the answer is JSON)" : "")}");
        }

        return type.Holds(address)
            ? DiscoveryResult.Found([address])
            : DiscoveryResult.Failed($"{shown} answered {address}, not an {type.FamilyName()} address for this {type} target");
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary><c>scheme://host:port/path</c>: no user info, no query (either may hold a token).</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    /// <summary>The string at a dotted path (<c>data.ip</c>, <c>$.ip</c>, <c>list.0.ip</c>); <see langword="null"/> when absent.</summary>
    internal static string? Extract(string body, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var element = document.RootElement;
            foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(part, out var child))
                {
                    element = child;
                }
                else if (element.ValueKind == JsonValueKind.Array && int.TryParse(part, out var index) && index >= 0 && index < element.GetArrayLength())
                {
                    element = element[index];
                }
                else
                {
                    return null;
                }
            }

            return element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HttpClient CreateClient(IPAddress? local, AddressFamily family)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 3,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, token) => ConnectAsync(context.DnsEndPoint, local, family, token),
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxBody };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("AliDdnsHa");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/plain, application/json;q=0.9, */*;q=0.5");
        return client;
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, IPAddress? local, AddressFamily family, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await System.Net.Dns.GetHostAddressesAsync(endPoint.Host, family, cancellationToken);
        var candidates = addresses.Where(a => a.AddressFamily == family).ToList();
        if (candidates.Count == 0)
        {
            throw new HttpRequestException($"{endPoint.Host} has no {(family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} address to connect to");
        }

        SocketException? last = null;
        foreach (var address in candidates)
        {
            var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (local is not null)
                {
                    socket.Bind(new IPEndPoint(local, 0));
                }

                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"cannot connect to {endPoint.Host}:{endPoint.Port}{(local is null ? "" : $" from {local}")}: {last!.SocketErrorCode}", last);
    }

    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is HttpRequestException { } inner && inner.Message.Length > 0 ? inner.Message : ex.Message;

    private static string Printable(string text)
    {
        var cut = text.Length > 40 ? text[..40] + "…" : text;
        var builder = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
