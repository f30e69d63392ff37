// Licensed under the MIT license.

using AliDdnsHa.Planning;

namespace AliDdnsHa.Health;

/// <summary>What the reconciler plans from: every endpoint's verdict, and whether the target is frozen; for a target
/// with lines, each line's endpoints with that line's verdicts.</summary>
/// <param name="Endpoints">Every currently discovered endpoint, with the target's verdicts (the default line's).</param>
/// <param name="Frozen">True when no vantage of the target votes: nothing may be added or removed on any line.</param>
/// <param name="Lines">Each managed line's view, in the target's line order; empty without lines.</param>
public sealed record HealthSnapshot(IReadOnlyList<EndpointSnapshot> Endpoints, bool Frozen, IReadOnlyList<LineHealth>? Lines = null)
{
    /// <summary>The view of one managed line.</summary>
    public LineHealth? ForLine(string line) => Lines?.FirstOrDefault(l => l.Line == line);
}
