// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>The combined judgement of an endpoint from its target's vantages.</summary>
public enum Verdict
{
    Up,
    Down,
    Unknown,

    /// <summary>No vantage votes: nothing is known, so nothing may change.</summary>
    Frozen,
}
