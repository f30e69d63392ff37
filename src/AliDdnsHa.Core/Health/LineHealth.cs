// Licensed under the MIT license.

using AliDdnsHa.Planning;

namespace AliDdnsHa.Health;

/// <summary>What one managed line plans from: the endpoints of its own sources with the line's verdicts (its own
/// vantages' quorum, or the target's), and whether the line is frozen.</summary>
/// <param name="Line">The line code.</param>
/// <param name="Endpoints">The endpoints of the line's sources.</param>
/// <param name="Frozen">True when the target is frozen, or every vantage of the line's own is blind.</param>
public sealed record LineHealth(string Line, IReadOnlyList<EndpointSnapshot> Endpoints, bool Frozen);
