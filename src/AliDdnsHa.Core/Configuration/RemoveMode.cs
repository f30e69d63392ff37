// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>How a target takes an address out of its record set.</summary>
public enum RemoveMode
{
    /// <summary>Delete the record (default; every provider).</summary>
    Delete,

    /// <summary>Disable the record and enable it again on recovery, keeping its id, weight and line (Alidns).</summary>
    Disable,
}
