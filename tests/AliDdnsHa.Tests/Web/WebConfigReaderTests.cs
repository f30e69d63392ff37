// Licensed under the MIT license.

using System.Security.Authentication;
using AliDdnsHa.Testing;
using AliDdnsHa.Web;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AliDdnsHa.Tests.Web;

/// <summary>The exporter-toolkit web configuration format, read strictly.</summary>
public sealed class WebConfigReaderTests : IDisposable
{
    private const string Hash = "$2y$10$M2hq5IzUX0M0IV3/W9oXGOxG4WIGFnW4uh.lJ6coF52pORLbT5jqK";
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-web-").FullName;

    [Fact]
    public void Read_NodeExporterStyleFile_TakesTlsUsersAndHeaders_PathsRelativeToTheFile()
    {
        WriteCertificates();
        var (config, errors) = Read($"""
            tls_server_config:
              cert_file: cert.pem
              key_file: key.pem
              min_version: TLS13
              cipher_suites: [ TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ]
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: deny
                Strict-Transport-Security: max-age=31536000
            basic_auth_users:
              prometheus: {Hash}
            """);

        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Equal(Path.Combine(_folder, "cert.pem"), config.Tls!.CertFile);
        Assert.Equal(SslProtocols.Tls13, config.Tls.Protocols);
        Assert.Equal(ClientCertificateMode.NoCertificate, config.Tls.ClientCertificateMode);
        Assert.False(config.Http2);
        Assert.Equal(Hash, config.Users["prometheus"]);
        Assert.Equal("deny", config.Headers["X-Frame-Options"]);
    }

    [Fact]
    public void Read_EmptyFile_IsPlainHttpWithoutUsers()
    {
        var (config, errors) = Read("");
        Assert.Empty(errors);
        Assert.Null(config!.Tls);
        Assert.Empty(config.Users);
    }

    [Fact]
    public void Read_EveryProblem_IsListed_AndNoValueIsEchoed()
    {
        var (config, errors) = Read("""
            tls_server_config:
              cert_file: missing.pem
              min_version: TLS10
              client_auth_type: TrustMe
              cert: inline
            http_server_config:
              headers:
                X-Powered-By: me
                X-Frame-Options: allow
            basic_auth_users:
              alice: hunter2-plain-password
            rate_limit: { interval: 1s }
            tls_config: {}
            """);

        Assert.Null(config);
        Assert.Contains(errors, e => e.StartsWith("tls_server_config: both cert_file and key_file", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tls_server_config.min_version: TLS10 is not offered", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tls_server_config.client_auth_type: 'TrustMe'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tls_server_config.cert: not supported", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("http_server_config.headers.X-Powered-By: not allowed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("http_server_config.headers.X-Frame-Options: 'allow'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("basic_auth_users.alice: is not a bcrypt hash", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("rate_limit: not supported", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tls_config: unknown setting", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_KeyOfAnotherCertificate_IsAnError()
    {
        WriteCertificates();
        File.WriteAllText(Path.Combine(_folder, "other.pem"), TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)).KeyPem);
        var (_, errors) = Read("""
            tls_server_config: { cert_file: cert.pem, key_file: other.pem }
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("tls_server_config.cert_file/key_file: cannot load", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientVerificationWithoutCa_IsAnError()
    {
        WriteCertificates();
        var (_, errors) = Read("""
            tls_server_config: { cert_file: cert.pem, key_file: key.pem, client_auth_type: RequireAndVerifyClientCert }
            """);
        Assert.Equal(["tls_server_config.client_ca_file: is required with client_auth_type RequireAndVerifyClientCert"], errors);
    }

    [Fact]
    public void ConfigurationFile_ReportsWebFileProblemsWithTheRestOfTheConfiguration()
    {
        var web = Path.Combine(_folder, "web.yml");
        File.WriteAllText(web, "basic_auth_users: { bob: not-a-hash }\n");
        using var config = new TempConfig($$"""
            Web: { ConfigFile: "{{web}}", PublicPaths: [ healthz ] }
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - { Name: home.example.com, Provider: local, Sources: [ { Name: a, Address: 192.0.2.1 } ], Port: 80 }
            """);

        var loaded = AliDdnsHa.Configuration.ConfigurationFile.Load(config.Path, forceDryRun: false);

        Assert.Contains(loaded.Errors, e => e.Path == "Web.PublicPaths[0]" && e.Message.Contains("must be a path", StringComparison.Ordinal));
        Assert.Contains(loaded.Errors, e => e.Path == $"Web.ConfigFile ({web})" && e.Message.StartsWith("basic_auth_users.bob:", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (WebConfig? Config, IReadOnlyList<string> Errors) Read(string yaml)
    {
        var path = Path.Combine(_folder, "web.yml");
        File.WriteAllText(path, yaml);
        return WebConfigReader.Read(path);
    }

    private void WriteCertificates()
    {
        var certificates = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_folder, "cert.pem"), certificates.CertificatePem);
        File.WriteAllText(Path.Combine(_folder, "key.pem"), certificates.KeyPem);
    }
}
