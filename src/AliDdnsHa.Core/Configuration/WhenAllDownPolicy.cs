// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>What a target publishes when every one of its endpoints is confirmed Down.</summary>
public enum WhenAllDownPolicy
{
    /// <summary>Publish every discovered address: clients keep trying (gdnsd multifo, PowerDNS ifportup "all").</summary>
    PublishAll,

    /// <summary>Leave the record set exactly as it is.</summary>
    KeepLast,

    /// <summary>Remove every record (explicit opt-in only).</summary>
    Empty,
}
