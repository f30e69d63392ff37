// Licensed under the MIT license.

namespace AliDdnsHa.Web;

/// <summary>Turns the HTTP port into HTTPS when the web configuration file has a <c>tls_server_config</c>; HTTP/2 is
/// set with the other endpoint defaults in <see cref="WebLimits"/>.</summary>
internal static class WebTls
{
    /// <summary>The listener URLs with <c>http://</c> made <c>https://</c>: the same address, now with TLS, as
    /// exporter-toolkit does with its <c>--web.listen-address</c>.</summary>
    public static string Secure(string urls) => string.Join(';', urls
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + u["http://".Length..] : u));

    public static void Configure(IWebHostBuilder webHost, WebConfig web)
    {
        if (web.Tls is not { } tls)
        {
            return;
        }

        // The slim builder leaves HTTPS out unless asked for (it keeps the NativeAOT binary small).
        webHost.UseKestrelHttpsConfiguration();
        webHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.ConfigureHttpsDefaults(https =>
            {
                var source = kestrel.ApplicationServices.GetRequiredService<WebConfigSource>();
                https.SslProtocols = tls.Protocols;
                https.HandshakeTimeout = WebConfigSource.HandshakeTimeout;
                https.ServerCertificateSelector = (_, _) => source.ServerCertificate();
                https.ClientCertificateMode = tls.ClientCertificateMode;
                https.ClientCertificateValidation = (certificate, _, _) => !tls.VerifyClientCertificate || source.IsTrustedClient(certificate);
            });
        });
    }
}
