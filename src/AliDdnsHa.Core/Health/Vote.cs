// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>What one vantage says about one endpoint.</summary>
public enum Vote
{
    /// <summary>Confirmed Up by this vantage.</summary>
    Up,

    /// <summary>Confirmed Down by a vantage whose canaries answer.</summary>
    Down,

    /// <summary>Not confirmed either way (on probation, or a Down from a vantage whose canaries have started failing).</summary>
    Unknown,

    /// <summary>The vantage is blind (its canaries fail or it cannot be asked): it does not vote.</summary>
    Blind,
}
