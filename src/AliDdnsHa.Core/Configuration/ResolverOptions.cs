// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Configuration;

/// <summary>The DNS resolvers used for <c>Hostname</c> sources, and the time any one lookup may take.</summary>
public sealed class ResolverOptions
{
    /// <summary>Resolver addresses (<c>IP</c> or <c>IP:port</c>); the system's resolvers when empty.</summary>
    public List<IPEndPoint> Servers { get; set; } = [];

    /// <summary>How long one lookup may take: a DNS query of a <c>Hostname</c> source or the request of a <c>Url</c> source.</summary>
    /// <value>The default value is 3 s.</value>
    public TimeSpan Timeout { get; set; } = OptionDefaults.ResolverTimeout;
}
