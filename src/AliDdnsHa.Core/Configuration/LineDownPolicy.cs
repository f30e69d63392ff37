// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>What a managed line holds while none of its own sources is healthy.</summary>
public enum LineDownPolicy
{
    /// <summary>The default line's current set: the line's users still reach a healthy line, over the slower path.
    /// The safe choice: Alibaba documents no per-type fallback, and a BIND view has no fallback at all.</summary>
    Default,

    /// <summary>Delete the line's records, so the provider answers its users from the default line.</summary>
    Withdraw,
}
