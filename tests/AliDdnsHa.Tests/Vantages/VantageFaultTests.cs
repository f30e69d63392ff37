// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Vantages;

/// <summary>Every way a remote vantage can misbehave is a fault of the vantage (never a failed endpoint probe, never
/// an exception): against a real blackbox_exporter behind TLS and basic auth, and a scripted HTTP server.</summary>
public sealed class VantageFaultTests : IAsyncDisposable
{
    private const string User = "aliddnsha";
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(500);

    private readonly LoopbackListener _endpoint = new(IPAddress.Parse("127.0.9.101"));
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-vantage-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TlsAndBasicAuth_AsTheExporterToolkitServesThem_Work()
    {
        var certificates = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var exporter = await SecuredExporterAsync(certificates);
        using var client = Client(exporter.Url, Password, Write("ca.pem", certificates.CaPem));
        var vantage = new BlackboxVantage(Options(exporter.Url), client, TimeProvider.System);

        var up = await vantage.ProbeAsync(Request(_endpoint.EndPoint), s_timeout, Ct);
        _endpoint.Close();
        var down = await vantage.ProbeAsync(Request(_endpoint.EndPoint), s_timeout, Ct);

        Assert.Null(up.Fault);
        Assert.Equal(ProbeOutcome.Success, up.Result.Outcome);
        Assert.InRange(up.Result.Duration, TimeSpan.FromTicks(1), s_timeout); // the exporter's probe_duration_seconds
        Assert.Null(down.Fault);
        Assert.Equal(ProbeOutcome.Failed, down.Result.Outcome);
    }

    [Fact]
    public async Task WrongPassword_IsAnAuthFault_ThatNeverShowsThePassword()
    {
        var certificates = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var exporter = await SecuredExporterAsync(certificates);
        using var client = Client(exporter.Url, "wrong-password-value", Write("ca.pem", certificates.CaPem));

        var result = await new BlackboxVantage(Options(exporter.Url), client, TimeProvider.System).ProbeAsync(Request(_endpoint.EndPoint), s_timeout, Ct);

        Assert.Equal(VantageFault.AuthFailed, result.Fault?.Kind);
        Assert.Contains("401", result.Fault!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-value", result.Fault.Message + result.Result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("unknown-ca")]
    [InlineData("no-ca-file")]
    public async Task AnUntrustedCertificate_IsATlsFault(string kind)
    {
        var served = kind == "expired"
            ? TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1))
            : TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var trusted = kind == "unknown-ca" ? TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)) : served;
        var exporter = await SecuredExporterAsync(served);
        using var client = Client(exporter.Url, Password, kind == "no-ca-file" ? null : Write("ca.pem", trusted.CaPem));

        var result = await new BlackboxVantage(Options(exporter.Url), client, TimeProvider.System).ProbeAsync(Request(_endpoint.EndPoint), s_timeout, Ct);

        Assert.Equal(VantageFault.TlsError, result.Fault?.Kind);
    }

    public static TheoryData<string, string> ScriptedFaults => new()
    {
        { "slow", VantageFault.Timeout },
        { "503", VantageFault.HttpError },
        { "400-unknown-module", VantageFault.HttpError },
        { "html", VantageFault.BadResponse },
        { "not-http", VantageFault.Unreachable },
        { "closed", VantageFault.Unreachable },
    };

    [Theory]
    [MemberData(nameof(ScriptedFaults))]
    public async Task ABrokenBlackboxVantage_IsAFault_NeverAFailedProbe(string behaviour, string kind)
    {
        using var server = Scripted(behaviour);
        var url = behaviour == "closed" ? new Uri($"http://127.0.0.1:{FreePort.Next()}") : server.Url; // nothing listens there
        using var client = Client(url, null, null);

        var result = await new BlackboxVantage(Options(url), client, TimeProvider.System).ProbeAsync(Request(_endpoint.EndPoint), s_timeout, Ct);

        Assert.Equal(kind, result.Fault?.Kind);
        Assert.NotEqual(ProbeOutcome.Failed, result.Result.Outcome);
    }

    [Theory]
    [InlineData("slow", VantageFault.Timeout)]
    [InlineData("503", VantageFault.HttpError)]
    [InlineData("html", VantageFault.BadResponse)]
    [InlineData("bad-query", VantageFault.HttpError)]
    [InlineData("json-without-data", VantageFault.BadResponse)]
    public async Task ABrokenPrometheusVantage_IsAFault_NeverAFailedProbe(string behaviour, string kind)
    {
        using var server = Scripted(behaviour);
        using var client = Client(server.Url, null, null);
        var options = new VantageOptions { Name = "office", Type = VantageType.Prometheus, Url = server.Url, Query = "probe_success{instance=\"{address}:{port}\"}" };

        var result = await new PrometheusVantage(options, client, TimeProvider.System).ProbeAsync(Request(_endpoint.EndPoint), s_timeout, Ct);

        Assert.Equal(kind, result.Fault?.Kind);
        if (behaviour == "bad-query")
        {
            Assert.Contains("parse error at char 7", result.Fault!.Message, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _endpoint.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static ScriptedHttpServer Scripted(string behaviour)
    {
        var server = new ScriptedHttpServer();
        server.Respond = _ => behaviour switch
        {
            "slow" => null,
            "503" => ScriptedHttpServer.Http(503, "Service Unavailable"),
            "400-unknown-module" => ScriptedHttpServer.Http(400, "Unknown module \"tcp_connect\""),
            "html" => ScriptedHttpServer.Http(200, "<html><body>router login</body></html>", "text/html"),
            "not-http" => "SSH-2.0-OpenSSH_9.2p1\r\n",
            "bad-query" => ScriptedHttpServer.Http(400, """{"status":"error","errorType":"bad_data","error":"1:8: parse error at char 7: unexpected"}""", "application/json"),
            "json-without-data" => ScriptedHttpServer.Http(200, """{"status":"success"}""", "application/json"),
            _ => ScriptedHttpServer.Http(500, "unexpected request"),
        };
        return server;
    }

    private async Task<BlackboxExporter> SecuredExporterAsync(TestCertificates certificates)
    {
        var exporter = await BlackboxExporter.StartSecuredAsync(IPAddress.Loopback, User, Password, certificates, Ct);
        _owned.Add(exporter);
        return exporter;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, text);
        return path;
    }

    private static VantageHttpClient Client(Uri url, string? password, string? caFile) =>
        new(new VantageOptions { Name = "vps", Type = VantageType.Blackbox, Url = url, Username = password is null ? null : User, Password = password, CaFile = caFile }, TimeProvider.System);

    private static VantageOptions Options(Uri url) => new() { Name = "vps", Type = VantageType.Blackbox, Url = url };

    private static VantageProbeRequest Request(IPEndPoint endPoint) => new(endPoint, "home.example.com", "wan1");
}
