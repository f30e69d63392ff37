// Licensed under the MIT license.

using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using DomainName = ARSoft.Tools.Net.DomainName;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>An A or AAAA record set on an authoritative server that takes RFC 2136 dynamic updates (BIND, Knot, PowerDNS,
/// Technitium), read with a direct non-recursive query and written with TSIG-signed UPDATE messages.</summary>
/// <remarks>
/// A record's id is its address: DNS has no other identity for an RR. A list of changes goes out as one UPDATE
/// message, so the server applies all of it or none. The message carries, as a prerequisite, the record set the changes
/// were planned from — the provider's last read of that name, which the controller always makes right before it writes
/// (RFC 2136 §2.4.2, "RRset exists, value dependent", or §2.4.3 when it was empty): if another writer changed the set in
/// between, the server answers NXRRSET/YXRRSET, nothing is applied, and the next pass reads and plans again.
/// Lines are BIND views chosen by the TSIG key: each line's set is read and written with that line's key (a signed
/// query lands in the view its key matches), through a client of its own.
/// </remarks>
public sealed partial class Rfc2136DnsProvider : IDnsProvider, IDnsProviderPreflight, IDnsProviderConflicts
{
    private readonly string _name;
    private readonly Rfc2136Client _default;
    private readonly IReadOnlyDictionary<string, Rfc2136Client> _lines;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RecordSetKey, IReadOnlyList<AddressRecordBase>> _lastRead = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _keyAccepted = new(StringComparer.Ordinal);

    /// <summary>A provider whose default line is written through <paramref name="client"/> and each line of
    /// <paramref name="lines"/> through its own client (the line's TSIG key).</summary>
    public Rfc2136DnsProvider(string name, Rfc2136Client client, IReadOnlyDictionary<string, Rfc2136Client>? lines = null)
    {
        _name = name;
        _default = client;
        _lines = lines ?? new Dictionary<string, Rfc2136Client>();
    }

    public string Name => _name;

    public string Type => Rfc2136ProviderFactory.TypeName;

    /// <summary>The client of <paramref name="line"/>'s view; a line without a key of its own is refused.</summary>
    private Rfc2136Client Client(string line)
    {
        if (line == DnsLine.Default)
        {
            return _default;
        }

        return _lines.TryGetValue(line, out var client)
            ? client
            : throw new DnsProviderException(
                "line_unsupported",
                $"provider '{_name}' has no key for line '{line}' (Providers.{_name}.Lines.{line}); nothing was read or written",
                isConfigurationError: true);
    }

    public async Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        var records = await ReadRecordsAsync(key, cancellationToken);
        _lastRead[key] = records;
        return [.. records.Select(r => new DnsRecord(r.Address.ToString(), r.Address, r.TimeToLive))];
    }

    public async Task<ApplyResult> ApplyAsync(RecordSetKey key, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return ApplyResult.Success([]);
        }

        if (changes.FirstOrDefault(c => c.Kind is RecordChangeKind.Enable or RecordChangeKind.Disable) is { } unsupported)
        {
            return new ApplyResult([], new DnsProviderException("unsupported", $"{unsupported.Kind} is not possible with RFC 2136 (DNS has no disabled records); use RemoveMode: Delete", isConfigurationError: true));
        }

        try
        {
            var client = Client(key.Line);
            var owner = Owner(key);
            var zone = Zone(key);
            // The set the plan was made from; read now only if this provider has not read the name yet. Used once: a
            // later write must come from a later read.
            var current = _lastRead.TryRemove(key, out var read) ? read : await ReadRecordsAsync(key, cancellationToken);
            if (Conflict(current, changes) is { } conflict)
            {
                throw new DnsProviderException("NXRRSET", $"the record set of {key.Name} changed since it was read ({conflict}); nothing sent", hint: Rfc2136Errors.Hint("NXRRSET", client.Options));
            }

            await UpdateAsync(() => Message(zone, owner, key.Type, current, changes), key, cancellationToken);
            await VerifyAsync(key, current, changes, cancellationToken);
            return ApplyResult.Success(changes);
        }
        catch (DnsProviderException ex)
        {
            return new ApplyResult([], ex);
        }
    }

    /// <summary>Checks that the server is authoritative for the zone (SOA with the AA bit), that the target lies in it,
    /// that the key is accepted, and that the policy lets it change the target's name and type.</summary>
    /// <remarks>
    /// The key: an UPDATE whose only content is a prerequisite that always holds (the zone apex exists); the server
    /// checks the signature and changes nothing. The policy: an UPDATE that deletes one A record of the target's name
    /// that cannot be there (0.0.0.0, which is never published). It changes no data, but the server judges it by its
    /// update policy for exactly that name and type: BIND and PowerDNS answer REFUSED, Knot NOTAUTH with BADKEY.
    /// </remarks>
    public async Task<IReadOnlyList<PreflightFinding>> PreflightAsync(string path, TargetOptions target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var key = new RecordSetKey(target.Name, target.Zone, target.RecordType);
        var zone = Zone(key);
        var findings = new List<PreflightFinding>();
        if (!Owner(key).IsEqualOrSubDomainOf(zone))
        {
            findings.Add(new PreflightFinding(true, $"{path}.Name", $"'{target.Name}' is not inside zone {zone} of provider '{_name}'"));
            return findings;
        }

        // Every view the target writes: the default one, and each line's, each through its own key.
        foreach (var line in target.Lines.Select(l => l.Code).Prepend(DnsLine.Default))
        {
            await PreflightViewAsync(key with { Line = line }, zone, cancellationToken);
            if (await CheckCnameAsync(path, key with { Line = line }, target.AdoptCname, cancellationToken) is { } finding)
            {
                findings.Add(finding);
            }
        }

        return findings;
    }

    /// <summary>The three checks in the view of <paramref name="key"/>'s line: authority, the key, the policy.</summary>
    private async Task PreflightViewAsync(RecordSetKey key, DomainName zone, CancellationToken cancellationToken)
    {
        var client = Client(key.Line);
        var view = key.Line == DnsLine.Default ? "" : $" in the view of line {key.Line}";
        var soa = await client.QueryAsync(zone, RecordType.Soa, cancellationToken);
        if (!soa.IsAuthoritiveAnswer || soa.ReturnCode != ReturnCode.NoError || !soa.AnswerRecords.OfType<SoaRecord>().Any(r => r.Name.Equals(zone)))
        {
            throw new DnsProviderException(
                "not_authoritative", $"{client.Options.Server} does not serve zone {zone} with authority{view}", isConfigurationError: true, hint: Rfc2136Errors.Hint("not_authoritative", client.Options));
        }

        if (client.Options.TsigKeyName is not null)
        {
            await client.UpdateAsync(
                () =>
                {
                    var probe = new DnsUpdateMessage { ZoneName = zone };
                    probe.Prequisites.Add(new NameIsInUsePrequisite(zone));
                    return probe;
                },
                cancellationToken);
            _keyAccepted[key.Line] = true;
        }

        var owner = Owner(key);
        try
        {
            await client.UpdateAsync(
                () =>
                {
                    var probe = new DnsUpdateMessage { ZoneName = zone };
                    probe.Updates.Add(new DeleteRecordUpdate(NeverPublished(owner, key.Type)));
                    return probe;
                },
                cancellationToken);
        }
        catch (DnsProviderException ex) when (ex.Code is "REFUSED" or "NOTAUTH" or "BADKEY")
        {
            throw PolicyRefused(client, key, $"{client.Options.Server} answered {ex.Code}{view}", ex);
        }

        if (await IsPowerDnsAsync(client, cancellationToken))
        {
            await PowerDnsPolicyProbeAsync(client, key, zone, owner, cancellationToken);
        }
    }

    /// <summary>A CNAME at the target's name in the view of <paramref name="key"/>'s line: an error, unless
    /// <paramref name="adoptCname"/> may replace it.</summary>
    private async Task<PreflightFinding?> CheckCnameAsync(string path, RecordSetKey key, bool adoptCname, CancellationToken cancellationToken)
    {
        if ((await ReadConflictsAsync(key, cancellationToken)) is not [var cname, ..])
        {
            return null;
        }

        var linePath = key.Line == DnsLine.Default ? $"{path}.Name" : $"{path}.Lines.{key.Line}";
        return adoptCname
            ? new PreflightFinding(false, linePath, $"{key.Name} has CNAME {cname.Value} on line {key.Line}: AdoptCname replaces it with the healthy address set once that set is known, in one UPDATE")
            : new PreflightFinding(true, linePath, cname.Describe(key.Name, key.Line, adoptCname: false));
    }

    /// <summary>PowerDNS answers NOERROR to an update its policy script refuses, and applies none of it ("0 changes"),
    /// so its answer cannot tell. What can: adding 0.0.0.0 and deleting it again in one UPDATE changes no data, but when
    /// permitted it is two changes, and PowerDNS raises the zone's SOA serial; when refused, the serial stays.</summary>
    private static async Task PowerDnsPolicyProbeAsync(Rfc2136Client client, RecordSetKey key, DomainName zone, DomainName owner, CancellationToken cancellationToken)
    {
        var before = await SerialAsync(client, zone, cancellationToken);
        await client.UpdateAsync(
            () =>
            {
                var probe = new DnsUpdateMessage { ZoneName = zone };
                probe.Updates.Add(new AddRecordUpdate(NeverPublished(owner, key.Type)));
                probe.Updates.Add(new DeleteRecordUpdate(NeverPublished(owner, key.Type)));
                return probe;
            },
            cancellationToken);
        if (await SerialAsync(client, zone, cancellationToken) == before)
        {
            throw PolicyRefused(client, key, $"PowerDNS at {client.Options.Server} skipped the probe update (its lua-dnsupdate-policy-script refused it)", null);
        }
    }

    private static DnsProviderException PolicyRefused(Rfc2136Client client, RecordSetKey key, string answer, Exception? inner)
    {
        var who = client.Options.TsigKeyName is null ? "this host's address" : $"the key {Rfc2136Errors.Plain(client.Options.TsigKeyName)}";
        return new DnsProviderException(
            "policy_refused",
            $"{who} is accepted but may not change {key.Name} {key.Type}: grant it in the server's policy ({answer})",
            isConfigurationError: true,
            hint: Rfc2136Errors.Hint("policy_refused", client.Options),
            innerException: inner);
    }

    /// <summary>True when the server says it is PowerDNS (<c>version.bind</c>, CHAOS class; hidden by some operators).</summary>
    private static async Task<bool> IsPowerDnsAsync(Rfc2136Client client, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await client.QueryAsync(DomainName.Parse("version.bind"), RecordType.Txt, cancellationToken, RecordClass.Chaos);
            return answer.AnswerRecords.OfType<TxtRecord>().Any(r => r.TextData.Contains("PowerDNS", StringComparison.OrdinalIgnoreCase));
        }
        catch (DnsProviderException)
        {
            return false;
        }
    }

    private static async Task<uint?> SerialAsync(Rfc2136Client client, DomainName zone, CancellationToken cancellationToken) =>
        (await client.QueryAsync(zone, RecordType.Soa, cancellationToken)).AnswerRecords.OfType<SoaRecord>().FirstOrDefault()?.SerialNumber;

    /// <summary>Reads the set back after an UPDATE: a server may answer NOERROR and still skip records (PowerDNS does
    /// when its policy script refuses them), which must not pass for a confirmed change.</summary>
    private async Task VerifyAsync(RecordSetKey key, IReadOnlyList<AddressRecordBase> before, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        var expected = before.Select(r => r.Address).ToHashSet();
        foreach (var change in changes)
        {
            if (change.Kind is RecordChangeKind.Delete)
            {
                expected.Remove(change.Existing?.Address ?? change.Address);
            }
            else
            {
                expected.Add(change.Address);
            }
        }

        var actual = (await ReadRecordsAsync(key, cancellationToken)).Select(r => r.Address).ToHashSet();
        if (!actual.SetEquals(expected))
        {
            throw new DnsProviderException(
                "not_applied",
                $"{Client(key.Line).Options.Server} answered NOERROR but the record set of {key.Name} is [{string.Join(", ", actual)}], not [{string.Join(", ", expected)}]",
                isConfigurationError: true,
                hint: Rfc2136Errors.Hint("not_applied", Client(key.Line).Options));
        }
    }

    /// <summary>Sends an UPDATE; once the key is known to be accepted, a BADKEY answer is the policy speaking (Knot).</summary>
    private async Task UpdateAsync(Func<DnsUpdateMessage> build, RecordSetKey key, CancellationToken cancellationToken)
    {
        var client = Client(key.Line);
        try
        {
            await client.UpdateAsync(build, cancellationToken);
            if (client.Options.TsigKeyName is not null)
            {
                _keyAccepted[key.Line] = true;
            }
        }
        catch (DnsProviderException ex) when (ex.Code == "BADKEY" && _keyAccepted.ContainsKey(key.Line))
        {
            throw new DnsProviderException(
                ex.Code,
                $"{ex.Message}: the key is accepted, so the server's policy refuses {key.Name} {key.Type}",
                isConfigurationError: true,
                hint: Rfc2136Errors.Hint("BADKEY_POLICY", client.Options),
                innerException: ex);
        }
    }

    /// <summary>The A or AAAA records of the name, from the authoritative server. Verifies authority and the zone.</summary>
    private async Task<IReadOnlyList<AddressRecordBase>> ReadRecordsAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        var client = Client(key.Line);
        var owner = Owner(key);
        var zone = Zone(key);
        if (!owner.IsEqualOrSubDomainOf(zone))
        {
            throw new DnsProviderException("NOTZONE", $"{key.Name} is not inside zone {zone}", isConfigurationError: true, hint: Rfc2136Errors.Hint("NOTZONE", client.Options));
        }

        var answer = await client.QueryAsync(owner, Rr(key.Type), cancellationToken);
        if (!answer.IsAuthoritiveAnswer)
        {
            throw new DnsProviderException(
                "not_authoritative", $"{client.Options.Server} answered for {key.Name} without authority", isConfigurationError: true, hint: Rfc2136Errors.Hint("not_authoritative", client.Options));
        }

        if (answer.AnswerRecords.OfType<CNameRecord>().FirstOrDefault(r => r.Name.Equals(owner)) is { } cname)
        {
            throw new DnsProviderException(
                "cname",
                $"{key.Name} is a CNAME to {Rfc2136Errors.Plain(cname.CanonicalName)} in {zone}; {key.Type} records cannot sit beside it",
                hint: $"Delete the CNAME, or set AdoptCname: true to let AliDdnsHa replace it with the {key.Type} record set.")
            {
                IsConflict = true,
            };
        }

        return [.. answer.AnswerRecords.OfType<AddressRecordBase>().Where(r => r.Name.Equals(owner) && r.RecordClass == RecordClass.INet && key.Type.Holds(r.Address))];
    }

    /// <summary>One UPDATE with every change, guarded by the set as read.</summary>
    private static DnsUpdateMessage Message(DomainName zone, DomainName owner, DnsRecordType type, IReadOnlyList<AddressRecordBase> current, IReadOnlyList<RecordChange> changes)
    {
        var message = new DnsUpdateMessage { ZoneName = zone };
        if (current.Count == 0)
        {
            message.Prequisites.Add(new RecordNotExistsPrequisite(owner, Rr(type)));
        }
        else
        {
            foreach (var record in current)
            {
                message.Prequisites.Add(new RecordExistsValueDependantPrequisite(Record(owner, 0, record.Address)));
            }
        }

        foreach (var change in changes)
        {
            if (change.Kind is RecordChangeKind.Delete or RecordChangeKind.Update)
            {
                message.Updates.Add(new DeleteRecordUpdate(Record(owner, 0, change.Existing?.Address ?? change.Address)));
            }

            if (change.Kind is RecordChangeKind.Add or RecordChangeKind.Update)
            {
                message.Updates.Add(new AddRecordUpdate(Record(owner, change.Ttl, change.Address)));
            }
        }

        return message;
    }

    /// <summary>Why the changes no longer fit the set as it is now, or null when they do.</summary>
    private static string? Conflict(IReadOnlyList<AddressRecordBase> current, IReadOnlyList<RecordChange> changes)
    {
        var present = current.Select(r => r.Address).ToHashSet();
        foreach (var change in changes)
        {
            var address = change.Existing?.Address ?? change.Address;
            if (change.Kind == RecordChangeKind.Add && present.Contains(change.Address))
            {
                return $"{change.Address} is already there";
            }

            if (change.Kind is RecordChangeKind.Delete or RecordChangeKind.Update && !present.Contains(address))
            {
                return $"{address} is gone";
            }
        }

        return null;
    }

    private static RecordType Rr(DnsRecordType type) => type == DnsRecordType.AAAA ? RecordType.Aaaa : RecordType.A;

    /// <summary>An A record for an IPv4 address, an AAAA record for an IPv6 one.</summary>
    private static AddressRecordBase Record(DomainName owner, int ttl, System.Net.IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? new AaaaRecord(owner, ttl, address) : new ARecord(owner, ttl, address);

    /// <summary>An address AliDdnsHa never publishes (0.0.0.0 or ::): deleting it is a no-op the server still judges by
    /// its policy for the name and type.</summary>
    private static AddressRecordBase NeverPublished(DomainName owner, DnsRecordType type) =>
        Record(owner, 0, type == DnsRecordType.AAAA ? System.Net.IPAddress.IPv6Any : System.Net.IPAddress.Any);

    private static DomainName Owner(RecordSetKey key) => DomainName.Parse(key.Name.TrimEnd('.'));

    private DomainName Zone(RecordSetKey key) => key.Zone is { Length: > 0 } zone ? DomainName.Parse(zone.TrimEnd('.')) : _default.Options.Zone;
}
