// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Planning;

/// <summary>The planner's view of one endpoint: which source, which address, which state.</summary>
public sealed record EndpointSnapshot(string Source, IPAddress Address, int Port, EndpointHealth Health);
