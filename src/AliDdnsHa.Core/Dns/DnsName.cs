// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>Rules about DNS names as the configuration normalises them (lower case, no trailing dot).</summary>
public static class DnsName
{
    /// <summary>True when <paramref name="name"/> is <paramref name="zone"/> itself or a name below it.</summary>
    public static bool IsInZone(string name, string zone)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(zone);
        return name == zone || (name.Length > zone.Length && name[^(zone.Length + 1)] == '.' && name.EndsWith(zone, StringComparison.Ordinal));
    }
}
