// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Reconciliation;

/// <summary>The reconciler's copy of one record set at the provider: what was last read, plus every change the
/// provider confirmed since. Not thread-safe: the reconciler guards it with its lock.</summary>
internal sealed class CachedRecordSet
{
    private List<DnsRecord>? _records;

    /// <summary>True until the first read, and after a failed call (the provider may have done part of it).</summary>
    public bool Stale { get; private set; } = true;

    /// <summary>When the next read is due even if nothing changes (to catch edits by others).</summary>
    public DateTimeOffset NextResyncAt { get; set; }

    public IReadOnlyList<DnsRecord> Records => _records ?? [];

    /// <summary>True when the plan must come from a fresh read.</summary>
    public bool NeedsRead(DateTimeOffset now) => Stale || _records is null || now >= NextResyncAt;

    public void Replace(IEnumerable<DnsRecord> records)
    {
        _records = [.. records];
        Stale = false;
    }

    public void MarkStale() => Stale = true;

    /// <summary>The addresses the set serves (disabled records do not count).</summary>
    public HashSet<IPAddress> Published() => Records.Where(r => r.Enabled).Select(r => r.Address).ToHashSet();

    /// <summary>Applies what the provider confirmed; returns the addresses it stopped serving.</summary>
    /// <remarks>Added records carry a pending id until the next read. No read is forced for that: the cache then holds
    /// what the provider confirmed, so the next pass plans a no-op from it, and any pass that has something to write
    /// re-reads first (which picks up the real ids). This saves one read per failover or recovery.</remarks>
    public IReadOnlyList<IPAddress> Apply(IReadOnlyList<RecordChange> applied)
    {
        var records = _records ?? [];
        List<IPAddress> removed = [];
        foreach (var change in applied)
        {
            switch (change.Kind)
            {
                case RecordChangeKind.Add:
                    records.Add(new DnsRecord($"pending:{change.Address}", change.Address, change.Ttl));
                    break;
                case RecordChangeKind.Update:
                    records.Remove(change.Existing!);
                    records.Add(change.Existing! with { Ttl = change.Ttl });
                    break;
                case RecordChangeKind.Enable:
                    records.Remove(change.Existing!);
                    records.Add(change.Existing! with { Enabled = true });
                    break;
                case RecordChangeKind.Disable:
                    records.Remove(change.Existing!);
                    records.Add(change.Existing! with { Enabled = false });
                    removed.Add(change.Address);
                    break;
                default:
                    records.Remove(change.Existing!);
                    removed.Add(change.Address);
                    break;
            }
        }

        _records = records;
        return removed;
    }
}
