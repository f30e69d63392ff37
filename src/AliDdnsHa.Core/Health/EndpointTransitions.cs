// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>What one probe round changed: the target's verdict of the endpoint, and the verdicts of lines that judge
/// it with vantages of their own. Allocates nothing when nothing changed.</summary>
internal readonly record struct EndpointTransitions(EndpointTransition? Target, List<EndpointTransition>? Lines)
{
    public static EndpointTransitions None => default;

    /// <summary>Every change, the target's first.</summary>
    public IEnumerable<EndpointTransition> All =>
        Target is null ? Lines ?? [] : Lines is null ? [Target] : [Target, .. Lines];
}
