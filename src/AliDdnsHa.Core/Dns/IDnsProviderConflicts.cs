// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>A provider that can see the records of other types at a name (a CNAME keeps address records off it) and
/// replace a CNAME with the address set: the way from the old "CNAME to one line" setup to this tool's.</summary>
public interface IDnsProviderConflicts
{
    /// <summary>The records at <paramref name="key"/>'s name and line that conflict with its address records
    /// (Alidns: CNAME, REDIRECT_URL, FORWARD_URL; DNS: CNAME).</summary>
    Task<IReadOnlyList<ConflictingRecord>> ReadConflictsAsync(RecordSetKey key, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="cname"/> and adds <paramref name="adds"/> with as little gap as the provider
    /// allows (RFC 2136: one UPDATE; Alidns: the adds right after the delete). Returns what was confirmed and the gap
    /// between the CNAME's deletion and the first address being served.</summary>
    Task<(ApplyResult Result, TimeSpan Gap)> ReplaceCnameAsync(RecordSetKey key, ConflictingRecord cname, IReadOnlyList<RecordChange> adds, CancellationToken cancellationToken);
}
