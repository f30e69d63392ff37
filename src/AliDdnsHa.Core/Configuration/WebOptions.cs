// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>The HTTP port's protection and lifecycle API (the <c>Web</c> section).</summary>
public sealed class WebOptions
{
    /// <summary>An exporter-toolkit web configuration file (TLS and basic auth), as node_exporter reads it with
    /// <c>--web.config.file</c>; <see langword="null"/> serves plain HTTP to everyone.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Paths served without basic auth (exact match), so container health checks keep working.</summary>
    /// <value>The default is <c>/healthz</c>.</value>
    public List<string> PublicPaths { get; set; } = ["/healthz"];

    /// <summary>Serve <c>POST /-/reload</c> (the Prometheus <c>--web.enable-lifecycle</c> convention).</summary>
    public bool EnableLifecycle { get; set; }
}
