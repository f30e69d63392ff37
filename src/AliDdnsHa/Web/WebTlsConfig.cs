// Licensed under the MIT license.

using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AliDdnsHa.Web;

/// <summary>The <c>tls_server_config</c> of a web configuration file, with paths made absolute.</summary>
/// <param name="CertFile">The PEM certificate (chain) file.</param>
/// <param name="KeyFile">The PEM private key file.</param>
/// <param name="ClientCaFile">The PEM CA bundle client certificates are verified against, if any.</param>
/// <param name="ClientCertificateMode">Whether Kestrel asks for, or requires, a client certificate.</param>
/// <param name="VerifyClientCertificate">Whether a presented client certificate must chain to <paramref name="ClientCaFile"/>.</param>
/// <param name="Protocols">The TLS versions between <c>min_version</c> and <c>max_version</c>.</param>
internal sealed record WebTlsConfig(
    string CertFile,
    string KeyFile,
    string? ClientCaFile,
    ClientCertificateMode ClientCertificateMode,
    bool VerifyClientCertificate,
    SslProtocols Protocols);
