// Licensed under the MIT license.

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using AliDdnsHa.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Prometheus;

namespace AliDdnsHa.Tests.Web;

/// <summary>The HTTP port as a guest on the LAN would attack it, each host a different loopback address: guessing
/// passwords, holding connections, sending junk. Each defence is checked by what it costs (bcrypt comparisons,
/// connections, log lines), never by time.</summary>
public sealed class WebHardeningEndToEndTests : IAsyncDisposable
{
    private const string User = "prometheus";
    private const string Password = "c0rrect-h0rse-battery";

    private readonly LoopbackListener _listener = new(IPAddress.Parse("127.0.0.60"));
    private readonly FakeLoggerProvider _logs = new();
    private readonly List<IDisposable> _disposables = [];
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Guessing_FromOneAddress_Gets429WithoutBcrypt_WhileTheRightUserElsewhereGetsIn()
    {
        await StartAsync("MaxAuthFailures: 3", $"basic_auth_users: {{ {User}: {await Htpasswd.HashAsync(User, Password, Ct)} }}");
        var authenticator = _app!.Services.GetRequiredService<BasicAuthenticator>();
        var guesser = Client("127.0.0.61");

        for (var i = 0; i < 3; i++)
        {
            using var refused = await GetAsync(guesser, "/metrics", $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(3, authenticator.Comparisons);
        for (var i = 3; i < 5; i++)
        {
            using var limited = await GetAsync(guesser, "/metrics", $"guess-{i}");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
            Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        }

        Assert.Equal(3, authenticator.Comparisons); // no bcrypt once the budget is spent
        using (var stillLimited = await GetAsync(guesser, "/metrics", Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode); // not cached yet: it would cost a bcrypt
        }

        // The right user at another address is never locked out; once its credentials are known (cached), they work
        // from the guesser's address too, without a bcrypt.
        using (var scraper = await GetAsync(Client("127.0.0.62"), "/metrics", Password))
        {
            Assert.Equal(HttpStatusCode.OK, scraper.StatusCode);
        }

        using (var cached = await GetAsync(guesser, "/metrics", Password))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        Assert.Equal(4, authenticator.Comparisons);
        var metrics = await ExpositionAsync();
        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"auth\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"rate_limited\"} 3", metrics, StringComparison.Ordinal);
        Assert.Equal(["Refused a request from 127.0.0.61: bad password for prometheus (more from this address within a minute are counted, then logged in one line)"], Refusals());
    }

    [Fact]
    public async Task TheConnectionCaps_RefuseAHoarder_ButAClientWithNoneStillReachesHealthz()
    {
        await StartAsync("MaxConnections: 4, MaxConnectionsPerClient: 2", webYaml: null);
        var held = new List<Socket>();
        foreach (var host in new[] { "127.0.0.63", "127.0.0.63", "127.0.0.64", "127.0.0.64" })
        {
            held.Add(await KeepAliveAsync(host)); // served, and held open
        }

        // A third from the same address: refused at once, with a 503 on a plain HTTP port.
        Assert.StartsWith("HTTP/1.1 503", await RawAsync("127.0.0.63", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);

        // Every shared slot is taken, but this client holds none: a reserved slot serves its health check.
        using var fresh = SourceBoundHttp.Bound(IPAddress.Parse("127.0.0.65"));
        await fresh.ConnectAsync(IPAddress.Loopback, _app!.Url("/").Port, Ct);
        var health = await ExchangeAsync(fresh, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", health, StringComparison.Ordinal);
        Assert.Contains("Healthy", health, StringComparison.Ordinal);

        // While it holds that one, a second from it is refused: the reserve is for clients with none.
        Assert.StartsWith("HTTP/1.1 503", await RawAsync("127.0.0.65", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);

        // A slot given back is a slot to use again.
        held[0].Dispose();
        await UntilAsync(async () => (await RawAsync("127.0.0.63", "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).StartsWith("HTTP/1.1 200", StringComparison.Ordinal));

        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"too_many_connections\"} ", await ExpositionAsync(), StringComparison.Ordinal);
        Assert.True(await RefusedAsync("too_many_connections") >= 2);
        foreach (var socket in held)
        {
            socket.Dispose();
        }
    }

    [Fact]
    public async Task JunkRequests_AreRefusedByKestrel_CountedAndLogged_AndARepeatOffenderIsShutOut()
    {
        await StartAsync("EnableLifecycle: false", webYaml: null);
        var junk = $"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Junk: {new string('j', 64 * 1024)}\r\n\r\n";
        Assert.StartsWith("HTTP/1.1 431", await RawAsync("127.0.0.66", junk), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 414", await RawAsync("127.0.0.66", $"GET /{new string('u', 8 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
        await UntilAsync(async () => await RefusedAsync("bad_request") == 2);
        // One line for the address, naming whichever refusal Kestrel reported first: the two connections end on their
        // own schedules, so under load the 414's end can be heard before the 431's.
        var first = Assert.Single(Refusals());
        Assert.Contains(first, new[] { "request headers too large", "malformed or too long request line" }.Select(reason =>
            $"Refused a request from 127.0.0.66: bad request: {reason} (more from this address within a minute are counted, then logged in one line)"));

        // Thirty bad requests a minute is the budget; after it the address is turned away before a byte is parsed.
        for (var i = 0; i < 28; i++)
        {
            await RawAsync("127.0.0.66", junk);
        }

        await UntilAsync(async () => await RefusedAsync("bad_request") == 30);
        Assert.StartsWith("HTTP/1.1 429", await RawAsync("127.0.0.66", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
        Assert.Equal(1, await RefusedAsync("rate_limited"));

        // Another host is not affected, and a reload without the lifecycle API is refused, counted, logged once.
        Assert.StartsWith("HTTP/1.1 200", await RawAsync("127.0.0.67", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("HTTP/1.1 403", await RawAsync("127.0.0.67", "POST /-/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), StringComparison.Ordinal);
        }

        Assert.Equal(33, await RefusedAsync("bad_request"));
        Assert.Single(Refusals(), l => l.StartsWith("Refused a request from 127.0.0.67: POST /-/reload, but Web.EnableLifecycle is off", StringComparison.Ordinal));
        Assert.Equal(2, Refusals().Count);
    }

    [Fact]
    public async Task FailedTlsHandshakes_AreCountedAndLoggedByClient()
    {
        var certificates = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await StartAsync("EnableLifecycle: false", "tls_server_config: { cert_file: cert.pem, key_file: key.pem }", certificates);
        for (var i = 0; i < 3; i++)
        {
            // Plain HTTP to the TLS port: the handshake fails.
            await RawAsync("127.0.0.68", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        }

        await UntilAsync(async () => await RefusedAsync("tls") == 3);
        Assert.Equal(["Refused a request from 127.0.0.68: TLS handshake failed (more from this address within a minute are counted, then logged in one line)"], Refusals());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        _config?.Dispose();
        _listener.Dispose();
        _logs.Dispose();
    }

    private async Task StartAsync(string webOptions, string? webYaml, TestCertificates? certificates = null)
    {
        var webFile = webYaml is null ? "" : "ConfigFile: \"WEBFILE\", ";
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Web: { {{webFile}}{{webOptions}} }
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - Name: home.example.com
                Provider: local
                Port: {{_listener.Port}}
                Sources: [ { Name: wan1, Address: {{_listener.Address}} } ]
            """);
        if (webYaml is not null)
        {
            var web = Path.Combine(_config.Folder, "web.yml");
            File.WriteAllText(_config.Path, File.ReadAllText(_config.Path).Replace("WEBFILE", web, StringComparison.Ordinal));
            File.WriteAllText(web, webYaml);
        }

        if (certificates is not null)
        {
            File.WriteAllText(Path.Combine(_config.Folder, "cert.pem"), certificates.CertificatePem);
            File.WriteAllText(Path.Combine(_config.Folder, "key.pem"), certificates.KeyPem);
        }

        (_app, _) = await TestHost.StartAsync(_config.Path, services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    private HttpClient Client(string source)
    {
        var client = SourceBoundHttp.Create(IPAddress.Parse(source));
        _disposables.Add(client);
        return client;
    }

    private async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _app!.Url(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{password}")));
        return await client.SendAsync(request, Ct);
    }

    /// <summary>A connection from <paramref name="source"/> that has been served one request and stays open.</summary>
    private async Task<Socket> KeepAliveAsync(string source)
    {
        var socket = SourceBoundHttp.Bound(IPAddress.Parse(source));
        _disposables.Add(socket);
        await socket.ConnectAsync(IPAddress.Loopback, _app!.Url("/").Port, Ct);
        Assert.StartsWith("HTTP/1.1 200", await ExchangeAsync(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
        return socket;
    }

    /// <summary>Sends <paramref name="request"/> on a new connection from <paramref name="source"/>; returns what came
    /// back before the server closed it or its response was whole ("" when refused without a word).</summary>
    private async Task<string> RawAsync(string source, string request)
    {
        using var socket = SourceBoundHttp.Bound(IPAddress.Parse(source));
        await socket.ConnectAsync(IPAddress.Loopback, _app!.Url("/").Port, Ct);
        return await ExchangeAsync(socket, request);
    }

    /// <summary>Sends a request and reads one response (headers, and a body as long as its Content-Length).</summary>
    private static Task<string> ExchangeAsync(Socket socket, string request) => RawHttp.ExchangeAsync(socket, request, Ct);

    private List<string> Refusals() =>
        [.. _logs.Collector.GetSnapshot().Where(r => r.Category == typeof(RefusalLog).FullName).Select(r => r.Message)];

    private async Task<string> ExpositionAsync()
    {
        using var stream = new MemoryStream();
        await _app!.Services.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(stream, Ct);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private async Task<double> RefusedAsync(string reason)
    {
        var series = $"aliddnsha_http_requests_refused_total{{reason=\"{reason}\"}} ";
        var line = (await ExpositionAsync()).Split('\n').Single(l => l.StartsWith(series, StringComparison.Ordinal));
        return double.Parse(line[series.Length..], CultureInfo.InvariantCulture);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(20, Ct);
        }
    }
}
