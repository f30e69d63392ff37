// Licensed under the MIT license.

namespace AliDdnsHa.Planning;

/// <summary>Which rule decided the desired set.</summary>
public enum PlanMode
{
    /// <summary>Healthy addresses (plus published ones still on probation).</summary>
    Healthy,

    /// <summary>No endpoint is Up yet, some are still Unknown: the record set is held as it is.</summary>
    Holding,

    /// <summary>Every endpoint is Down: the WhenAllDown policy decided.</summary>
    AllDown,

    /// <summary>Nothing is discovered (every lookup failed so far): the record set is held as it is.</summary>
    NothingDiscovered,

    /// <summary>No vantage of the target can see (all blind): nothing is added or removed, WhenAllDown does not apply.</summary>
    Frozen,

    /// <summary>A managed line none of whose own endpoints is healthy holds the default line's set
    /// (<c>WhenLineDown: Default</c>): its users still reach a healthy line, over the slower path.</summary>
    Fallback,

    /// <summary>A managed line none of whose own endpoints is healthy is emptied (<c>WhenLineDown: Withdraw</c>), so
    /// the provider answers its users from the default line.</summary>
    Withdrawn,
}
