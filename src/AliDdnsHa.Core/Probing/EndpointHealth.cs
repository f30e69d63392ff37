// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>An endpoint's confirmed state.</summary>
public enum EndpointHealth
{
    /// <summary>Not yet confirmed either way (new or moved address: on probation).</summary>
    Unknown,
    Up,
    Down,
}
