// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>Whether a vantage can be believed right now.</summary>
public enum VantageCondition
{
    /// <summary>Its canaries answer (or it has none) and it can be asked: its votes count.</summary>
    Voting,

    /// <summary>Every canary has started failing, or the last request to it failed, but that is not confirmed yet:
    /// its Up votes count, its Down votes count as Unknown (a Down may be the vantage's own fault).</summary>
    Doubtful,

    /// <summary>Every canary is confirmed Down, or it cannot be asked (confirmed): it does not vote.</summary>
    Blind,
}
