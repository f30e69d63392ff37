// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>The address record types a target can own.</summary>
#pragma warning disable CA1700, CA1707 // The members are the DNS type mnemonics users write in the configuration.
public enum DnsRecordType
{
    /// <summary>IPv4 addresses.</summary>
    A,

    /// <summary>IPv6 addresses.</summary>
    AAAA,
}
#pragma warning restore CA1700, CA1707
