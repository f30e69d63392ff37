// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using AliDdnsHa.Providers.AlibabaCloud.Messages;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>The checks before anything is written: the edition's TTL floor and record cap, its lines, and records that
/// hold the name (a CNAME from the old setup) or cannot be changed (locked).</summary>
public sealed partial class AlibabaCloudDnsProvider
{
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
        if (!findings.Exists(f => f.IsError))
        {
            await CheckNameAsync(findings, path, target, cancellationToken);
        }

        return findings;
    }

    /// <summary>On every line the target manages, every record at the name, of every type: one that keeps address records
    /// off it (the CNAME setup this tool replaces) is an error, unless <c>AdoptCname</c> may replace it; a locked
    /// address record is a warning (it is pinned: never changed or deleted).</summary>
    private async Task CheckNameAsync(List<PreflightFinding> findings, string path, TargetOptions target, CancellationToken cancellationToken)
    {
        foreach (var line in target.Lines.Select(l => l.Code).Prepend(DnsLine.Default))
        {
            var key = new RecordSetKey(target.Name, target.Zone, target.RecordType, line);
            var records = await ReadNameAsync(key, type: null, cancellationToken);
            var linePath = line == DnsLine.Default ? $"{path}.Name" : $"{path}.Lines.{line}";
            foreach (var record in records.Where(r => s_conflicting.Contains(r.Type, StringComparer.OrdinalIgnoreCase) && !string.Equals(r.Status, "DISABLE", StringComparison.OrdinalIgnoreCase)))
            {
                var conflict = new ConflictingRecord(record.RecordId, record.Type.ToUpperInvariant(), record.Value, record.Locked);
                var adoptable = target.AdoptCname && conflict.IsCname && !conflict.Locked;
                findings.Add(new PreflightFinding(
                    !adoptable,
                    linePath,
                    adoptable
                        ? $"{target.Name} has CNAME {record.Value} on line {line}: AdoptCname replaces it with the healthy address set once that set is known"
                        : conflict.Describe(target.Name, line, target.AdoptCname)));
            }

            var locked = records.Where(r => r.Locked && string.Equals(r.Type, target.RecordType.ToString(), StringComparison.OrdinalIgnoreCase)).Select(r => r.Value).ToList();
            if (locked.Count > 0)
            {
                findings.Add(new PreflightFinding(
                    false,
                    linePath,
                    $"{target.Name} has locked {target.RecordType} record(s) on line {line}: {string.Join(", ", locked)}; they stay published whatever their health (AliDdnsHa never changes a locked record)"));
            }
        }
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
}
