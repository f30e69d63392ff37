// Licensed under the MIT license.

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AliDdnsHa.Testing;

/// <summary>A private CA and a server certificate it signed for 127.0.0.1, as PEM text for an exporter's web config.</summary>
public sealed record TestCertificates(string CaPem, string CertificatePem, string KeyPem)
{
    /// <summary>Creates a CA and a leaf for 127.0.0.1 valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public static TestCertificates Create(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=AliDdnsHa test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        return new TestCertificates(ca.ExportCertificatePem(), leaf.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }
}
