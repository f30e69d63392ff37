// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Planning;

/// <summary>The planner's view of one endpoint: which source, which address, which state.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Address">The discovered address.</param>
/// <param name="Port">The probed port.</param>
/// <param name="Health">The combined verdict.</param>
/// <param name="DownSince">While Down: the first failed probe that led there (for the failover-time metric).</param>
public sealed record EndpointSnapshot(string Source, IPAddress Address, int Port, EndpointHealth Health, DateTimeOffset? DownSince = null);
