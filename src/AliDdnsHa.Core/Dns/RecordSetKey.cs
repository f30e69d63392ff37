// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>Names one A record set at a provider.</summary>
/// <param name="Name">The fully qualified record name, lower case, without the trailing dot.</param>
/// <param name="Zone">The zone holding it, when known.</param>
public readonly record struct RecordSetKey(string Name, string? Zone)
{
    public override string ToString() => Name;
}
