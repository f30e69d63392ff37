// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>What a <see cref="RecordChange"/> does. Values are in the order a plan applies them (make-before-break).</summary>
public enum RecordChangeKind
{
    Add,
    Update,
    Delete,
}
