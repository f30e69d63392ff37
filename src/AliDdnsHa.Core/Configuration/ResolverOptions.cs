// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Configuration;

/// <summary>The DNS resolvers used for <c>Hostname</c> sources.</summary>
public sealed class ResolverOptions
{
    /// <summary>Resolver addresses (<c>IP</c> or <c>IP:port</c>); the system's resolvers when empty.</summary>
    public List<IPEndPoint> Servers { get; set; } = [];

    /// <value>The default value is 3 s.</value>
    public TimeSpan Timeout { get; set; } = OptionDefaults.ResolverTimeout;
}
