// Licensed under the MIT license.

using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Tests.Web;

/// <summary>The HTTP port behind the same web configuration file node_exporter reads: TLS with a private CA, and
/// basic auth with bcrypt hashes made by <c>htpasswd</c>, as users make them.</summary>
public sealed class WebProtectionEndToEndTests : IAsyncDisposable
{
    private const string User = "prometheus";
    private const string Password = "c0rrect-h0rse-battery";

    private readonly LoopbackListener _listener = new(IPAddress.Parse("127.0.0.51"));
    private readonly FakeLoggerProvider _logs = new();
    private readonly TestCertificates _certificates = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    private readonly List<HttpClient> _clients = [];
    private TempConfig? _config;
    private string? _trustedCa;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tls_AndBasicAuth_GuardEveryPathButThePublicOnes()
    {
        await StartAsync($$"""
            tls_server_config: { cert_file: cert.pem, key_file: key.pem }
            http_server_config:
              headers: { X-Frame-Options: deny, X-Content-Type-Options: nosniff }
            basic_auth_users:
              {{User}}: {{await HtpasswdAsync(User, Password)}}
            """);
        var http = Client();
        Assert.Equal("https", _app!.Url("/").Scheme);

        using var health = await http.GetAsync(_app!.Url("/healthz"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("deny", health.Headers.GetValues("X-Frame-Options").Single());

        foreach (var credentials in new[] { null, $"{User}:wrong", $"nobody:{Password}", $"{User.ToUpperInvariant()}:{Password}", "garbage" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _app!.Url("/metrics"));
            if (credentials is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            }

            using var denied = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Equal("Basic", denied.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("Unauthorized", await denied.Content.ReadAsStringAsync(Ct));
        }

        foreach (var path in new[] { "/metrics", "/api/status", "/readyz", "/" })
        {
            using var allowed = await SendAsync(http, path, User, Password);
            Assert.NotEqual(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        // The container health check follows the listener to https and needs no credentials for /healthz.
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await AliDdnsHa.Commands.HealthcheckCommand.ExecuteAsync(null, _app!.Url("/healthz").ToString(), null, output, error, Ct));
        Assert.StartsWith("https://127.0.0.1:", AliDdnsHa.Commands.HealthcheckCommand.ListenerOf(_config!.Path), StringComparison.Ordinal);

        using var metrics = await SendAsync(http, "/metrics", User, Password);
        var exposition = await metrics.Content.ReadAsStringAsync(Ct);
        Assert.Contains("aliddnsha_build_info", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), r => r.Message.Contains(Password, StringComparison.Ordinal) || r.Message.Contains("wrong", StringComparison.Ordinal));

        // Five refusals from one address: the first is logged, the rest are counted for a line a minute later.
        Assert.Single(_logs.Collector.GetSnapshot(), r => r.Message.StartsWith("Refused a request from 127.0.0.1: no credentials", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), r => r.Message.Contains("user nobody", StringComparison.Ordinal));
        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"auth\"} 5", exposition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_WithUsers_AndCustomPublicPaths()
    {
        await StartAsync($"basic_auth_users: {{ {User}: {await HtpasswdAsync(User, Password)} }}", publicPaths: "[ /healthz, /readyz ]");
        var http = Client();
        Assert.Equal("http", _app!.Url("/").Scheme);

        using var ready = await http.GetAsync(_app!.Url("/readyz"), Ct);
        Assert.NotEqual(HttpStatusCode.Unauthorized, ready.StatusCode);
        using var status = await http.GetAsync(_app!.Url("/api/status"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    [Fact]
    public async Task UsersAndCertificate_AreReadAgainWhenTheirFilesChange()
    {
        await StartAsync($$"""
            tls_server_config: { cert_file: cert.pem, key_file: key.pem }
            basic_auth_users: { {{User}}: {{await HtpasswdAsync(User, Password)}} }
            """);
        var first = await ServerCertificateAsync(_certificates.CaPem);

        // A renewed certificate (certbot's deploy hook writes new files) is used by the next TLS handshake.
        var renewed = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20));
        File.WriteAllText(Path.Combine(_config!.Folder, "cert.pem"), renewed.CertificatePem);
        File.WriteAllText(Path.Combine(_config.Folder, "key.pem"), renewed.KeyPem);
        File.SetLastWriteTimeUtc(Path.Combine(_config.Folder, "cert.pem"), DateTime.UtcNow.AddSeconds(5));
        var second = await ServerCertificateAsync(renewed.CaPem);
        Assert.NotEqual(first, second);
        _trustedCa = renewed.CaPem;

        // A new user in the web config applies without a restart (the file is checked once a second).
        File.WriteAllText(Path.Combine(_config.Folder, "web.yml"), $$"""
            tls_server_config: { cert_file: cert.pem, key_file: key.pem }
            basic_auth_users: { grafana: {{await HtpasswdAsync("grafana", "another-pass")}} }
            """);
        File.SetLastWriteTimeUtc(Path.Combine(_config.Folder, "web.yml"), DateTime.UtcNow.AddSeconds(5));
        await UntilAsync(async () =>
        {
            using var response = await SendAsync(Client(), "/metrics", "grafana", "another-pass");
            return response.StatusCode == HttpStatusCode.OK;
        });
        using var old = await SendAsync(Client(), "/metrics", User, Password);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task RequireAndVerifyClientCert_AcceptsOnlyClientsOfTheConfiguredCa()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=clients CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var trusted = ClientCertificate(ca);
        using var stranger = ClientCertificate(null);
        await StartAsync(
            "tls_server_config: { cert_file: cert.pem, key_file: key.pem, client_auth_type: RequireAndVerifyClientCert, client_ca_file: clients.pem }",
            extraFiles: new() { ["clients.pem"] = ca.ExportCertificatePem() });

        using var ok = await Client(trusted).GetAsync(_app!.Url("/healthz"), Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => Client(stranger).GetAsync(_app!.Url("/healthz"), Ct));
        await Assert.ThrowsAsync<HttpRequestException>(() => Client().GetAsync(_app!.Url("/healthz"), Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _listener.Dispose();
        _config?.Dispose();
        _logs.Dispose();
    }

    private async Task StartAsync(string webYaml, string publicPaths = "[ /healthz ]", Dictionary<string, string>? extraFiles = null)
    {
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Web: { ConfigFile: "{web}", PublicPaths: {{publicPaths}} }
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - Name: home.example.com
                Provider: local
                Port: {{_listener.Port}}
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources: [ { Name: wan1, Address: {{_listener.Address}} } ]
            """.Replace("{web}", "WEBFILE", StringComparison.Ordinal));
        var web = Path.Combine(_config.Folder, "web.yml");
        File.WriteAllText(_config.Path, File.ReadAllText(_config.Path).Replace("WEBFILE", web, StringComparison.Ordinal));
        File.WriteAllText(web, webYaml);
        File.WriteAllText(Path.Combine(_config.Folder, "cert.pem"), _certificates.CertificatePem);
        File.WriteAllText(Path.Combine(_config.Folder, "key.pem"), _certificates.KeyPem);
        foreach (var (name, text) in extraFiles ?? [])
        {
            File.WriteAllText(Path.Combine(_config.Folder, name), text);
        }

        (_app, _) = await TestHost.StartAsync(_config.Path, services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    /// <summary>A client that trusts the test CA only (no certificate errors are ignored).</summary>
    private HttpClient Client(X509Certificate2? clientCertificate = null)
    {
        using var ca = X509Certificate2.CreateFromPem(_trustedCa ?? _certificates.CaPem);
        var caCopy = X509CertificateLoader.LoadCertificate(ca.RawData);
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(caCopy);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var client = new HttpClient(handler);
        _clients.Add(client);
        return client;
    }

    private async Task<string> ServerCertificateAsync(string caPem)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        var url = _app!.Url("/");
        await tcp.ConnectAsync(url.Host, url.Port, Ct);
        await using var tls = new SslStream(tcp.GetStream());
        using var ca = X509Certificate2.CreateFromPem(caPem);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", CertificateChainPolicy = policy }, Ct);
        return Convert.ToHexString(tls.RemoteCertificate!.GetSerialNumber());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _app!.Url(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await http.SendAsync(request, Ct);
    }

    private static X509Certificate2 ClientCertificate(X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=scraper", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = issuer is null
            ? request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30))
            : request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(8));
        using var withKey = certificate.HasPrivateKey ? null : certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12((withKey ?? certificate).Export(X509ContentType.Pkcs12), null);
    }

    private static Task<string> HtpasswdAsync(string user, string password) => Htpasswd.HashAsync(user, password, Ct);

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(100, Ct);
        }
    }
}
