// Licensed under the MIT license.

using AliDdnsHa.Testing;
using AliDdnsHa.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Tests.Web;

public sealed class WebConfigSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-webconfig-").FullName;

    [Fact]
    public void ARenewedCertificate_DisposesTheOldOne_OnceNoHandshakeCanHoldIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        WriteCertificate(DateTime.UtcNow.AddMinutes(-10));
        File.WriteAllText(Path.Combine(_folder, "web.yml"), "tls_server_config: { cert_file: cert.pem, key_file: key.pem }\n");
        var (config, errors) = WebConfigReader.Read(Path.Combine(_folder, "web.yml"));
        Assert.Empty(errors);
        using var source = new WebConfigSource(config!, time, NullLogger<WebConfigSource>.Instance);

        var old = source.ServerCertificate()!;
        WriteCertificate(DateTime.UtcNow.AddMinutes(-5)); // renewed in place, as certbot's deploy hook does
        var renewed = source.ServerCertificate()!;
        Assert.NotSame(old, renewed);
        Assert.Same(renewed, source.ServerCertificate());

        // A handshake that picked the old certificate just before the swap may still be running.
        time.Advance(WebConfigSource.HandshakeTimeout);
        Assert.NotEqual(IntPtr.Zero, old.Handle);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(IntPtr.Zero, old.Handle);
        Assert.NotEqual(IntPtr.Zero, renewed.Handle);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WriteCertificate(DateTime stamp)
    {
        var certificates = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        foreach (var (name, pem) in new[] { ("cert.pem", certificates.CertificatePem), ("key.pem", certificates.KeyPem) })
        {
            File.WriteAllText(Path.Combine(_folder, name), pem);
            File.SetLastWriteTimeUtc(Path.Combine(_folder, name), stamp);
        }
    }
}
