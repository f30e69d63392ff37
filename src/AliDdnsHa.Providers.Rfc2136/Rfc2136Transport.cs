// Licensed under the MIT license.

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>How messages reach the server.</summary>
public enum Rfc2136Transport
{
    /// <summary>TCP (the default): no size limit, no spoofed answers, and what most update setups expect.</summary>
    Tcp,

    /// <summary>UDP, for servers that only take updates over UDP.</summary>
    Udp,
}
