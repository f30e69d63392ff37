// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Probing;

/// <summary>What to probe: an endpoint of a target's source, or a vantage's canary.</summary>
/// <param name="EndPoint">The address and port (for a Prometheus canary, <see langword="null"/>).</param>
/// <param name="Target">The target's name (the <c>{target}</c> placeholder).</param>
/// <param name="Source">The source's name (the <c>{source}</c> placeholder).</param>
/// <param name="Query">A Prometheus canary's own query; <see langword="null"/> for endpoints.</param>
public sealed record VantageProbeRequest(IPEndPoint? EndPoint, string Target, string Source, string? Query = null)
{
    /// <summary><c>address:port</c>, with brackets around an IPv6 address.</summary>
    public string HostPort => EndPoint is null ? "" : EndPoint.ToString();
}
