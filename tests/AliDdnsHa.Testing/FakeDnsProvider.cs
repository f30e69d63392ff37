// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Testing;

/// <summary>An in-memory provider that records every call and can be told to fail. It keeps one set per name and line
/// (both families in one list per name and line, as a zone does); each key sees only its own type and line.</summary>
public sealed class FakeDnsProvider(string name = "fake") : IDnsProvider, IDnsProviderConflicts
{
    private readonly Dictionary<string, string> _cnames = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<DnsRecord>> _sets = new(StringComparer.Ordinal);
    private int _nextId = 1;

    public string Name { get; } = name;

    public string Type => "Fake";

    public int Reads { get; private set; }

    public int Applies { get; private set; }

    /// <summary>Every change applied, in order.</summary>
    public List<RecordChange> Applied { get; } = [];

    /// <summary>Thrown by the next reads while set.</summary>
    public DnsProviderException? ReadFailure { get; set; }

    /// <summary>Returned by applies while set; <see cref="ApplySucceedsFirst"/> changes are applied before it.</summary>
    public DnsProviderException? ApplyFailure { get; set; }

    public int ApplySucceedsFirst { get; set; }

    /// <summary>Called with each state a record set passes through: its name, its line and its enabled addresses.</summary>
    public Action<string, IReadOnlyList<IPAddress>>? OnChange { get; set; }

    /// <summary>Called with each state a record set on a line passes through.</summary>
    public Action<string, string, IReadOnlyList<IPAddress>>? OnLineChange { get; set; }

    public void Seed(string name, params string[] addresses) => SeedLine(name, DnsLine.Default, addresses);

    public void SeedLine(string name, string line, params string[] addresses)
    {
        lock (_gate)
        {
            _sets[SetKey(name, line)] = [.. addresses.Select(a => new DnsRecord($"r{_nextId++}", IPAddress.Parse(a), 600))];
        }
    }

    public void SeedRecord(string name, DnsRecord record, string line = DnsLine.Default)
    {
        lock (_gate)
        {
            if (!_sets.TryGetValue(SetKey(name, line), out var set))
            {
                _sets[SetKey(name, line)] = set = [];
            }

            set.Add(record);
        }
    }

    /// <summary>Puts a CNAME at the name (default line): adds of address records are then refused with
    /// <c>DomainRecordConflict</c>, as Alidns refuses them.</summary>
    public void SeedCname(string name, string value)
    {
        lock (_gate)
        {
            _cnames[name] = value;
        }
    }

    /// <summary>The CNAME at the name, if any.</summary>
    public string? Cname(string name)
    {
        lock (_gate)
        {
            return _cnames.GetValueOrDefault(name);
        }
    }

    /// <summary>CNAME replacements made, in order.</summary>
    public List<string> Adoptions { get; } = [];

    public Task<IReadOnlyList<ConflictingRecord>> ReadConflictsAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<ConflictingRecord>>(
                key.Line == DnsLine.Default && _cnames.TryGetValue(key.Name, out var value) ? [new ConflictingRecord("c1", "CNAME", value)] : []);
        }
    }

    public Task<(ApplyResult Result, TimeSpan Gap)> ReplaceCnameAsync(RecordSetKey key, ConflictingRecord cname, IReadOnlyList<RecordChange> adds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _cnames.Remove(key.Name);
            Adoptions.Add($"{key.Name}: - CNAME {cname.Value}; {string.Join("; ", adds)}");
        }

        return ApplyAsync(key, adds, cancellationToken).ContinueWith(t => (t.Result, TimeSpan.FromMilliseconds(1)), TaskScheduler.Default);
    }

    public IReadOnlyList<string> Addresses(string name, string line = DnsLine.Default)
    {
        lock (_gate)
        {
            return [.. (_sets.GetValueOrDefault(SetKey(name, line)) ?? []).Where(r => r.Enabled).Select(r => r.Address.ToString()).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Every record of a name on a line, enabled or not.</summary>
    public IReadOnlyList<DnsRecord> Records(string name, string line = DnsLine.Default)
    {
        lock (_gate)
        {
            return [.. _sets.GetValueOrDefault(SetKey(name, line)) ?? []];
        }
    }

    private static string SetKey(string name, string line) => line == DnsLine.Default ? name : $"{name}@{line}";

    public Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Reads++;
            if (ReadFailure is { } failure)
            {
                throw failure;
            }

            // One list per name holds both families, as a zone does; each key sees only its own type.
            return Task.FromResult<IReadOnlyList<DnsRecord>>([.. (_sets.GetValueOrDefault(SetKey(key.Name, key.Line)) ?? []).Where(r => key.Type.Holds(r.Address))]);
        }
    }

    public Task<ApplyResult> ApplyAsync(RecordSetKey key, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Applies++;
            if (!_sets.TryGetValue(SetKey(key.Name, key.Line), out var set))
            {
                _sets[SetKey(key.Name, key.Line)] = set = [];
            }

            var applied = new List<RecordChange>();
            foreach (var change in changes)
            {
                if (ApplyFailure is { } failure && applied.Count >= ApplySucceedsFirst)
                {
                    return Task.FromResult(new ApplyResult(applied, failure));
                }

                if (change.Kind == RecordChangeKind.Add && key.Line == DnsLine.Default && _cnames.ContainsKey(key.Name))
                {
                    return Task.FromResult(new ApplyResult(applied, new DnsProviderException("DomainRecordConflict", "AddDomainRecord: DomainRecordConflict: The domain record is conflict with other records.") { IsConflict = true }));
                }

                switch (change.Kind)
                {
                    case RecordChangeKind.Add:
                        set.Add(new DnsRecord($"r{_nextId++}", change.Address, change.Ttl));
                        break;
                    case RecordChangeKind.Update:
                        set.RemoveAll(r => r.Id == change.Existing!.Id);
                        set.Add(change.Existing! with { Ttl = change.Ttl });
                        break;
                    default:
                        set.RemoveAll(r => r.Id == change.Existing!.Id);
                        break;
                }

                applied.Add(change);
                Applied.Add(change);
                if (key.Line == DnsLine.Default)
                {
                    OnChange?.Invoke(key.Name, [.. set.Where(r => r.Enabled).Select(r => r.Address)]);
                }

                OnLineChange?.Invoke(key.Name, key.Line, [.. set.Where(r => r.Enabled).Select(r => r.Address)]);
            }

            return Task.FromResult(ApplyResult.Success(applied));
        }
    }
}
