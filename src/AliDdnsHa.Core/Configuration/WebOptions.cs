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

    /// <summary>Connections served at once, from all clients together. Beyond it a new connection is refused, except
    /// from a client that holds none (<see cref="ReservedConnections"/> more are kept for those), so a health check
    /// still gets in while the cap is reached.</summary>
    /// <value>The default is 256.</value>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Connections served at once from one client address (an IPv6 client by its /64).</summary>
    /// <value>The default is 32.</value>
    public int MaxConnectionsPerClient { get; set; } = 32;

    /// <summary>Refused credentials one client address may send: a burst of this many, then this many a minute.
    /// Beyond it the client gets 429 with <c>Retry-After</c>, without a bcrypt comparison.</summary>
    /// <value>The default is 10.</value>
    public int MaxAuthFailures { get; set; } = 10;

    /// <summary>Connections kept beyond <see cref="MaxConnections"/> for clients that hold none.</summary>
    public const int ReservedConnections = 16;
}
