// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>What a <see cref="RecordChange"/> does. Values are in the order a plan applies them (make-before-break).</summary>
public enum RecordChangeKind
{
    /// <summary>Create a record.</summary>
    Add,

    /// <summary>Serve a disabled record again (RemoveMode Disable), keeping its id, weight and line.</summary>
    Enable,

    /// <summary>Change a record's TTL.</summary>
    Update,

    /// <summary>Stop serving a record without deleting it (RemoveMode Disable).</summary>
    Disable,

    /// <summary>Delete a record.</summary>
    Delete,
}
