// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AliDdnsHa.Web;

/// <summary>Kestrel's limits, set for a controller on a home LAN rather than for a web site: small requests, short
/// waits, few connections, and <see cref="ConnectionAdmission"/> in front of every listener.</summary>
/// <remarks>Every request we serve is a small GET (or an empty POST to <c>/-/reload</c>), so the limits sit far below
/// Kestrel's defaults; none can be reached by Prometheus, a browser or a health check.</remarks>
internal static class WebLimits
{
    /// <summary>Time to send a request's headers (Kestrel: 30 s). Slowloris holds a connection at most this long.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle keep-alive connection is kept (Kestrel: 130 s): more than a 60 s scrape interval.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(65);

    public const int MaxRequestLineSize = 4 * 1024;
    public const int MaxRequestHeadersTotalSize = 16 * 1024;
    public const int MaxRequestHeaderCount = 50;
    public const int MaxRequestBodySize = 64 * 1024;
    public const int MaxStreamsPerConnection = 8;

    public static void Configure(IWebHostBuilder webHost, WebOptions options, WebConfig? web)
    {
        ArgumentNullException.ThrowIfNull(webHost);
        ArgumentNullException.ThrowIfNull(options);
        webHost.ConfigureKestrel((_, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            var limits = kestrel.Limits;

            // A backstop only: ConnectionAdmission refuses first, and a connection it refuses is closed at once.
            limits.MaxConcurrentConnections = options.MaxConnections + WebOptions.ReservedConnections + 64;
            limits.MaxRequestLineSize = MaxRequestLineSize;
            limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
            limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            limits.MaxRequestBodySize = MaxRequestBodySize;
            limits.RequestHeadersTimeout = RequestHeadersTimeout;
            limits.KeepAliveTimeout = KeepAliveTimeout;
            limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;

            // One EndpointDefaults action for all: a second ConfigureEndpointDefaults call would replace this one.
            kestrel.ConfigureEndpointDefaults(listen =>
            {
                if (web?.Tls is not null)
                {
                    listen.Protocols = web.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                }

                var admission = kestrel.ApplicationServices.GetRequiredService<ConnectionAdmission>();
                listen.Use(next => connection => admission.OnConnectionAsync(connection, next));
            });
        });
    }
}
