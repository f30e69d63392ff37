// Licensed under the MIT license.

using AliDdnsHa.Probing;

namespace AliDdnsHa.Health;

/// <summary>A change of an endpoint's combined verdict, for logging.</summary>
/// <param name="Monitor">The endpoint.</param>
/// <param name="To">The new state.</param>
/// <param name="Healthy">Endpoints of the target Up after the change.</param>
/// <param name="Votes">Each vantage's vote, for the log line (<c>home=Up hk-vps=Down</c>).</param>
/// <param name="Line">The line whose own verdict changed (a line with vantages of its own), or <see langword="null"/>
/// for the target's verdict.</param>
internal sealed record EndpointTransition(EndpointMonitor Monitor, EndpointHealth To, int Healthy, string Votes, string? Line = null);
