// Licensed under the MIT license.

using AliDdnsHa.Planning;

namespace AliDdnsHa.Health;

/// <summary>What the reconciler plans from: every endpoint's verdict, and whether the target is frozen.</summary>
/// <param name="Endpoints">Every currently discovered endpoint.</param>
/// <param name="Frozen">True when no vantage of the target votes: nothing may be added or removed.</param>
public sealed record HealthSnapshot(IReadOnlyList<EndpointSnapshot> Endpoints, bool Frozen);
