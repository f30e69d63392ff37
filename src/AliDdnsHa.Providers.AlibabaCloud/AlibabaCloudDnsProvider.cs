// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using AliDdnsHa.Dns;
using AliDdnsHa.Providers.AlibabaCloud.Messages;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>Alibaba Cloud DNS (Alidns): A and AAAA record sets through our own signed RPC client.</summary>
/// <remarks>
/// Reads with DescribeSubDomainRecords (<c>SubDomain</c>, <c>DomainName</c>, <c>Type=A</c> or <c>AAAA</c>, <c>Line</c>, 100
/// per page, paged until <c>TotalCount</c> is read) and keeps only records whose RR, type and line match exactly: without
/// <c>Line</c> the service answers the records of every line, and a record on another line (a user's own, per ISP) must
/// never be taken for one of ours. Writes one action per change, in plan order, stopping at the first failure:
/// AddDomainRecord and UpdateDomainRecord always with <c>Line</c> (an update without it moves the record to the default
/// line), DeleteDomainRecord and SetDomainRecordStatus by RecordId. DeleteSubDomainRecords is never used: it has no
/// <c>Line</c> and deletes the name on every line. <c>DomainRecordDuplicate</c> on an add or update means the record is
/// already as wanted. Without a configured zone, the zone comes from GetMainDomainName.
/// </remarks>
public sealed partial class AlibabaCloudDnsProvider(string name, AlibabaCloudDnsClient client) : IDnsProvider, IDnsProviderPreflight, IDnsProviderConflicts
{
    internal const int PageSize = 100;
    private readonly ConcurrentDictionary<string, string> _zones = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public string Type => AlibabaCloudProviderFactory.TypeName;

    public async Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        var records = new List<DnsRecord>();
        foreach (var record in await ReadNameAsync(key, key.Type.ToString(), cancellationToken))
        {
            if (string.Equals(record.Type, key.Type.ToString(), StringComparison.OrdinalIgnoreCase)
                && IPAddress.TryParse(record.Value, out var address) && key.Type.Holds(address)
                && record.RecordId.Length > 0)
            {
                records.Add(new DnsRecord(
                    record.RecordId,
                    address,
                    (int)Math.Clamp(record.TTL, 0, int.MaxValue),
                    !string.Equals(record.Status, "DISABLE", StringComparison.OrdinalIgnoreCase),
                    record.Locked));
            }
        }

        return records;
    }

    /// <summary>Every record at the key's name on its line (of <paramref name="type"/>, or of every type), paged, with
    /// the exact RR and line only: without <c>Line</c> the service answers every line's records, and any row of another
    /// line is someone else's even if a filter is ignored on the way.</summary>
    private async Task<List<AlidnsRecord>> ReadNameAsync(RecordSetKey key, string? type, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(key, cancellationToken);
        var rr = RelativeName(key.Name, zone);
        var records = new List<AlidnsRecord>();
        for (var page = 1; ; page++)
        {
            var parameters = new Dictionary<string, string>
            {
                ["SubDomain"] = key.Name,
                ["DomainName"] = zone,
                ["Line"] = key.Line,
                ["PageSize"] = PageSize.ToString(CultureInfo.InvariantCulture),
                ["PageNumber"] = page.ToString(CultureInfo.InvariantCulture),
            };
            if (type is not null)
            {
                parameters["Type"] = type;
            }

            var answer = await client.CallAsync("DescribeSubDomainRecords", parameters, AlidnsJsonContext.Default.DescribeSubDomainRecordsResponse, cancellationToken);
            var batch = answer.DomainRecords?.Record ?? [];
            records.AddRange(batch.Where(r =>
                string.Equals(r.RR, rr, StringComparison.OrdinalIgnoreCase)
                && string.Equals(r.Line ?? DnsLine.Default, key.Line, StringComparison.Ordinal)));
            if (batch.Count == 0 || (long)page * PageSize >= answer.TotalCount)
            {
                return records;
            }
        }
    }

    public async Task<ApplyResult> ApplyAsync(RecordSetKey key, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var applied = new List<RecordChange>();
        try
        {
            var zone = await ZoneAsync(key, cancellationToken);
            var rr = RelativeName(key.Name, zone);
            foreach (var change in changes)
            {
                await ApplyOneAsync(zone, rr, key, change, cancellationToken);
                applied.Add(change);
            }

            return ApplyResult.Success(applied);
        }
        catch (DnsProviderException ex)
        {
            return new ApplyResult(applied, ex);
        }
    }

    private async Task ApplyOneAsync(string zone, string rr, RecordSetKey key, RecordChange change, CancellationToken cancellationToken)
    {
        var type = key.Type.ToString();
        var value = change.Address.ToString();
        var ttl = change.Ttl.ToString(CultureInfo.InvariantCulture);
        try
        {
            switch (change.Kind)
            {
                case RecordChangeKind.Add:
                    await CallAsync("AddDomainRecord", new() { ["DomainName"] = zone, ["RR"] = rr, ["Type"] = type, ["Value"] = value, ["TTL"] = ttl, ["Line"] = key.Line }, cancellationToken);
                    break;
                case RecordChangeKind.Update:
                    await CallAsync("UpdateDomainRecord", new() { ["RecordId"] = change.Existing!.Id, ["RR"] = rr, ["Type"] = type, ["Value"] = value, ["TTL"] = ttl, ["Line"] = key.Line }, cancellationToken);
                    break;
                case RecordChangeKind.Enable or RecordChangeKind.Disable:
                    await CallAsync("SetDomainRecordStatus", new() { ["RecordId"] = change.Existing!.Id, ["Status"] = change.Kind == RecordChangeKind.Enable ? "Enable" : "Disable" }, cancellationToken);
                    break;
                default:
                    await CallAsync("DeleteDomainRecord", new() { ["RecordId"] = change.Existing!.Id }, cancellationToken);
                    break;
            }
        }
        catch (DnsProviderException ex) when (ex.Code == "DomainRecordDuplicate" && change.Kind is RecordChangeKind.Add or RecordChangeKind.Update)
        {
            // Already there with this value (add), or nothing to change (update): the desired state holds.
        }
    }

    private Task<RecordIdResponse> CallAsync(string action, Dictionary<string, string> parameters, CancellationToken cancellationToken) =>
        client.CallAsync(action, parameters, AlidnsJsonContext.Default.RecordIdResponse, cancellationToken);

    private async Task<string> ZoneAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        if (key.Zone is { } zone && DnsName.IsInZone(key.Name, zone))
        {
            return zone;
        }

        if (_zones.TryGetValue(key.Name, out var cached))
        {
            return cached;
        }

        var answer = await client.CallAsync(
            "GetMainDomainName", new Dictionary<string, string> { ["InputString"] = key.Name }, AlidnsJsonContext.Default.GetMainDomainNameResponse, cancellationToken);
        if (string.IsNullOrEmpty(answer.DomainName))
        {
            throw new DnsProviderException("malformed_response", $"GetMainDomainName gave no zone for {key.Name}");
        }

        var found = answer.DomainName.TrimEnd('.').ToLowerInvariant();
        _zones[key.Name] = found;
        return found;
    }

    /// <summary>The RR of <paramref name="name"/> in <paramref name="zone"/>: <c>@</c> for the apex.</summary>
    internal static string RelativeName(string name, string zone) =>
        name == zone ? "@" : name[..^(zone.Length + 1)];
}
