// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using AliDdnsHa.Configuration;
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
public sealed class AlibabaCloudDnsProvider(string name, AlibabaCloudDnsClient client) : IDnsProvider, IDnsProviderPreflight
{
    internal const int PageSize = 100;
    private readonly ConcurrentDictionary<string, string> _zones = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public string Type => AlibabaCloudProviderFactory.TypeName;

    public async Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(key, cancellationToken);
        var rr = RelativeName(key.Name, zone);
        var records = new List<DnsRecord>();
        for (var page = 1; ; page++)
        {
            var answer = await client.CallAsync(
                "DescribeSubDomainRecords",
                new Dictionary<string, string>
                {
                    ["SubDomain"] = key.Name,
                    ["DomainName"] = zone,
                    ["Type"] = key.Type.ToString(),
                    ["Line"] = key.Line,
                    ["PageSize"] = PageSize.ToString(CultureInfo.InvariantCulture),
                    ["PageNumber"] = page.ToString(CultureInfo.InvariantCulture),
                },
                AlidnsJsonContext.Default.DescribeSubDomainRecordsResponse,
                cancellationToken);
            var batch = answer.DomainRecords?.Record ?? [];
            foreach (var record in batch)
            {
                if (string.Equals(record.RR, rr, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(record.Type, key.Type.ToString(), StringComparison.OrdinalIgnoreCase)
                    && string.Equals(record.Line ?? DnsLine.Default, key.Line, StringComparison.Ordinal)
                    && IPAddress.TryParse(record.Value, out var address) && key.Type.Holds(address)
                    && record.RecordId.Length > 0)
                {
                    records.Add(new DnsRecord(
                        record.RecordId,
                        address,
                        (int)Math.Clamp(record.TTL, 0, int.MaxValue),
                        !string.Equals(record.Status, "DISABLE", StringComparison.OrdinalIgnoreCase)));
                }
            }

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

    /// <summary>Checks the target against the domain's edition: the TTL minimum (the paid instance's
    /// <c>TTLMinValue</c>, else the domain's <c>MinTtl</c>), the record cap per line, and every line the target uses
    /// against the lines the edition offers (DescribeSupportLines).</summary>
    public async Task<IReadOnlyList<PreflightFinding>> PreflightAsync(string path, TargetOptions target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var zone = await ZoneAsync(new RecordSetKey(target.Name, target.Zone, target.RecordType), cancellationToken);
        var info = await client.CallAsync(
            "DescribeDomainInfo", new Dictionary<string, string> { ["DomainName"] = zone }, AlidnsJsonContext.Default.DescribeDomainInfoResponse, cancellationToken);
        var findings = new List<PreflightFinding>();
        var edition = info.VersionName ?? info.VersionCode ?? "unknown edition";
        var minTtl = info.MinTtl;
        if (info.InstanceId is { Length: > 0 } instance)
        {
            try
            {
                var product = await client.CallAsync(
                    "DescribeDnsProductInstance", new Dictionary<string, string> { ["InstanceId"] = instance }, AlidnsJsonContext.Default.DescribeDnsProductInstanceResponse, cancellationToken);
                minTtl = product.TTLMinValue > 0 ? product.TTLMinValue : minTtl;
                edition = product.VersionName ?? edition;
            }
            catch (DnsProviderException ex)
            {
                findings.Add(new PreflightFinding(false, $"{path}.Ttl", $"cannot read the paid instance {instance} of {zone} ({ex.Code}); the TTL is checked against the domain's MinTtl {info.MinTtl} instead"));
            }
        }

        if (minTtl > 0 && target.Ttl < minTtl)
        {
            findings.Add(new PreflightFinding(true, $"{path}.Ttl", $"'{target.Ttl}' is below {minTtl}, the minimum TTL of {zone} ({edition}); Alidns would refuse every write with QuotaExceeded.TTL"));
        }

        // Free and personal editions (TTL minimum 600) allow 10 A records per name and line; paid editions 90.
        var cap = minTtl >= 600 ? 10 : 90;
        CheckCap(findings, $"{path}.Sources", target, target.Sources, DnsLine.Default, cap, zone, edition);
        foreach (var line in target.Lines)
        {
            CheckCap(findings, $"{path}.Lines.{line.Code}", target, target.Sources.Where(s => line.Sources.Contains(s.Name)), line.Code, cap, zone, edition);
        }

        await CheckLinesAsync(findings, path, target, zone, edition, cancellationToken);
        return findings;
    }

    /// <summary>The most addresses a line could publish (its sources' static addresses, one per other source) against
    /// the edition's cap per name, type and line.</summary>
    private static void CheckCap(List<PreflightFinding> findings, string path, TargetOptions target, IEnumerable<SourceOptions> sources, string line, int cap, string zone, string edition)
    {
        var most = sources.Sum(s => Math.Max(1, s.Addresses.Count));
        if (most > cap)
        {
            var where = line == DnsLine.Default ? "" : $" on line {line}";
            findings.Add(new PreflightFinding(false, path, $"up to {most} addresses may be published{where}, more than the {cap} {target.RecordType} records per name and line that {zone} ({edition}) allows"));
        }
    }

    /// <summary>Every line the target writes or reads must be one the domain's edition offers.</summary>
    private async Task CheckLinesAsync(List<PreflightFinding> findings, string path, TargetOptions target, string zone, string edition, CancellationToken cancellationToken)
    {
        var used = target.Lines.Select(l => (Code: l.Code, Path: $"{path}.Lines.{l.Code}"))
            .Concat(target.Sources.Select((s, i) => (Code: s.Line ?? DnsLine.Default, Path: $"{path}.Sources[{i}].Line")))
            .Where(l => l.Code != DnsLine.Default)
            .ToList();
        if (used.Count == 0)
        {
            return;
        }

        DescribeSupportLinesResponse answer;
        try
        {
            answer = await client.CallAsync(
                "DescribeSupportLines", new Dictionary<string, string> { ["DomainName"] = zone }, AlidnsJsonContext.Default.DescribeSupportLinesResponse, cancellationToken);
        }
        catch (DnsProviderException ex) when (!ex.IsConfigurationError || ex.Code.StartsWith("Forbidden", StringComparison.Ordinal))
        {
            findings.Add(new PreflightFinding(false, used[0].Path, $"cannot ask which lines {zone} offers ({ex.Code}); the lines are not checked (allow alidns:DescribeSupportLines)"));
            return;
        }

        var offered = (answer.RecordLines?.RecordLine ?? []).Select(l => l.LineCode).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var (code, linePath) in used.DistinctBy(l => l.Path))
        {
            if (!offered.Contains(code))
            {
                var list = offered.Count <= 40 ? string.Join(", ", offered.Order(StringComparer.Ordinal)) : string.Join(", ", offered.Order(StringComparer.Ordinal).Take(40)) + $", … ({offered.Count} in all)";
                findings.Add(new PreflightFinding(true, linePath, $"line '{code}' is not offered by {zone} ({edition}); it offers: {list}"));
            }
        }
    }

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
