// Licensed under the MIT license.

using System.Globalization;

namespace AliDdnsHa.Testing;

/// <summary>The record actions, with the service's line semantics (see the class remarks).</summary>
public sealed partial class AlidnsEmulator
{
    /// <summary>Types that cannot share a name and line with an A or AAAA record (the record-conflict rules).</summary>
    private static readonly string[] s_conflictsWithAddress = ["CNAME", "REDIRECT_URL", "FORWARD_URL"];

    private (int, string) DescribeSubDomainRecords(Dictionary<string, string> p)
    {
        if (!p.TryGetValue("SubDomain", out var sub))
        {
            return Error(400, "MissingSubDomain", "SubDomain is mandatory for this action.");
        }

        var domain = p.TryGetValue("DomainName", out var zone) ? _domains.GetValueOrDefault(zone) : FindZone(sub);
        if (domain is null)
        {
            return Error(400, "InvalidDomainName.NoExist", "The specified domain name does not exist. Refresh the page and try again.");
        }

        var rr = RelativeName(sub, domain.Zone);
        var pageNumber = int.Parse(p.GetValueOrDefault("PageNumber", "1"), CultureInfo.InvariantCulture);
        var pageSize = int.Parse(p.GetValueOrDefault("PageSize", "20"), CultureInfo.InvariantCulture);
        if (pageSize is < 1 or > 100 || pageNumber < 1)
        {
            return Error(400, "InvalidPageSize", "The specified PageSize is invalid.");
        }

        // Without Line (or Type) the answer holds every line's (or type's) records, as the service's does.
        var matching = domain.Records
            .Where(r => r.RR.Equals(rr, StringComparison.OrdinalIgnoreCase)
                && (!p.TryGetValue("Type", out var type) || r.Type.Equals(type, StringComparison.OrdinalIgnoreCase))
                && (!p.TryGetValue("Line", out var line) || r.Line == line))
            .ToList();
        var page = matching.Skip((pageNumber - 1) * pageSize).Take(pageSize).Select(r => new Dictionary<string, object>
        {
            ["RR"] = r.RR,
            ["Line"] = r.Line,
            ["Status"] = r.Status,
            ["Locked"] = r.Locked,
            ["Type"] = r.Type,
            ["DomainName"] = domain.Zone,
            ["Value"] = r.Value,
            ["RecordId"] = r.RecordId,
            ["TTL"] = r.Ttl,
            ["Weight"] = 1,
        }).ToList();
        return Ok(new Dictionary<string, object>
        {
            ["TotalCount"] = matching.Count,
            ["PageSize"] = pageSize,
            ["RequestId"] = RequestId(),
            ["DomainRecords"] = new Dictionary<string, object> { ["Record"] = page },
            ["PageNumber"] = pageNumber,
        });
    }

    private (int, string) AddDomainRecord(Dictionary<string, string> p)
    {
        if (Missing(p, "DomainName", "RR", "Type", "Value") is { } missing)
        {
            return missing;
        }

        if (!_domains.TryGetValue(p["DomainName"], out var domain))
        {
            return Error(400, "InvalidDomainName.NoExist", "The specified domain name does not exist. Refresh the page and try again.");
        }

        var ttl = int.Parse(p.GetValueOrDefault("TTL", "600"), CultureInfo.InvariantCulture);
        if (ttl < domain.MinTtl || ttl > 86400)
        {
            return Error(400, "QuotaExceeded.TTL", $"The specified TTL is invalid. A valid TTL must be in the range of {domain.MinTtl} to 86400.");
        }

        if (ValueMismatch(p) is { } mismatch)
        {
            return mismatch;
        }

        var line = p.GetValueOrDefault("Line", "default");
        if (UnknownLine(domain, line) is { } unknown)
        {
            return unknown;
        }

        var type = p["Type"].ToUpperInvariant();
        var atName = domain.Records.Where(r => r.RR.Equals(p["RR"], StringComparison.OrdinalIgnoreCase) && r.Line == line).ToList();
        if (Conflicts(type, atName) is { } conflict)
        {
            return Error(400, "DomainRecordConflict", $"The domain record is conflict with other records ({conflict.Type} {conflict.Value} on line {line}).");
        }

        var same = atName.Where(r => r.Type == type).ToList();
        if (same.Any(r => r.Value == p["Value"]))
        {
            return Error(400, "DomainRecordDuplicate", "The DNS record already exists.");
        }

        if (same.Count >= RecordCap)
        {
            return Error(400, "QuotaExceeded.ARecord", $"The {type} record of {p["RR"]} on line {line} has been out of MAX count ({RecordCap}).");
        }

        var record = new Record((_nextId++).ToString(CultureInfo.InvariantCulture), p["RR"], type, p["Value"], ttl, "ENABLE", line, false);
        domain.Records.Add(record);
        Changed(domain, record.RR, line);
        return Ok(new Dictionary<string, object> { ["RequestId"] = RequestId(), ["RecordId"] = record.RecordId });
    }

    private (int, string) UpdateDomainRecord(Dictionary<string, string> p)
    {
        if (Missing(p, "RecordId", "RR", "Type", "Value") is { } missing)
        {
            return missing;
        }

        if (Find(p["RecordId"]) is not var (domain, record))
        {
            return Error(400, "DomainRecordNotBelongToUser", "The domain record does not belong to this user.");
        }

        if (record.Locked)
        {
            return Locked();
        }

        if (ValueMismatch(p) is { } mismatch)
        {
            return mismatch;
        }

        var ttl = int.Parse(p.GetValueOrDefault("TTL", "600"), CultureInfo.InvariantCulture);
        if (ttl < domain.MinTtl)
        {
            return Error(400, "QuotaExceeded.TTL", $"The specified TTL is invalid. A valid TTL must be in the range of {domain.MinTtl} to 86400.");
        }

        // Line is optional and defaults to "default": an update that leaves it out moves the record to the default line.
        var line = p.GetValueOrDefault("Line", "default");
        if (UnknownLine(domain, line) is { } unknown)
        {
            return unknown;
        }

        var type = p["Type"].ToUpperInvariant();
        if (record.RR == p["RR"] && record.Type == type && record.Value == p["Value"] && record.Ttl == ttl && record.Line == line)
        {
            return Error(400, "DomainRecordDuplicate", "The DNS record already exists.");
        }

        domain.Records[domain.Records.IndexOf(record)] = record with { RR = p["RR"], Type = type, Value = p["Value"], Ttl = ttl, Line = line };
        Changed(domain, p["RR"], line);
        if (record.Line != line || record.RR != p["RR"])
        {
            Changed(domain, record.RR, record.Line);
        }

        return Ok(new Dictionary<string, object> { ["RequestId"] = RequestId(), ["RecordId"] = record.RecordId });
    }

    private (int, string) DeleteDomainRecord(Dictionary<string, string> p)
    {
        if (Missing(p, "RecordId") is { } missing)
        {
            return missing;
        }

        if (Find(p["RecordId"]) is not var (domain, record))
        {
            return Error(400, "DomainRecordNotBelongToUser", "The domain record does not belong to this user.");
        }

        if (record.Locked)
        {
            return Locked();
        }

        domain.Records.Remove(record);
        Changed(domain, record.RR, record.Line);
        return Ok(new Dictionary<string, object> { ["RequestId"] = RequestId(), ["RecordId"] = record.RecordId });
    }

    /// <summary>Deletes the RR (of one type, or every type) on every line: the action has no Line. Locked records stay.</summary>
    private (int, string) DeleteSubDomainRecords(Dictionary<string, string> p)
    {
        if (Missing(p, "DomainName", "RR") is { } missing)
        {
            return missing;
        }

        if (!_domains.TryGetValue(p["DomainName"], out var domain))
        {
            return Error(400, "InvalidDomainName.NoExist", "The specified domain name does not exist. Refresh the page and try again.");
        }

        var doomed = domain.Records.Where(r => r.RR.Equals(p["RR"], StringComparison.OrdinalIgnoreCase) && !r.Locked
            && (!p.TryGetValue("Type", out var type) || r.Type.Equals(type, StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var record in doomed)
        {
            domain.Records.Remove(record);
        }

        foreach (var line in doomed.Select(r => r.Line).Distinct())
        {
            Changed(domain, p["RR"], line);
        }

        // TotalCount is a string in this answer.
        return Ok(new Dictionary<string, object> { ["RequestId"] = RequestId(), ["RR"] = p["RR"], ["TotalCount"] = doomed.Count.ToString(CultureInfo.InvariantCulture) });
    }

    private (int, string) SetDomainRecordStatus(Dictionary<string, string> p)
    {
        if (Missing(p, "RecordId", "Status") is { } missing)
        {
            return missing;
        }

        if (Find(p["RecordId"]) is not var (domain, record))
        {
            return Error(400, "DomainRecordNotBelongToUser", "The domain record does not belong to this user.");
        }

        if (record.Locked)
        {
            return Locked();
        }

        var status = p["Status"].ToUpperInvariant();
        if (status is not ("ENABLE" or "DISABLE"))
        {
            return Error(400, "InvalidStatus", "The specified status is invalid.");
        }

        domain.Records[domain.Records.IndexOf(record)] = record with { Status = status };
        Changed(domain, record.RR, record.Line);
        return Ok(new Dictionary<string, object> { ["RequestId"] = RequestId(), ["RecordId"] = record.RecordId, ["Status"] = status == "ENABLE" ? "Enable" : "Disable" });
    }

    /// <summary>The record an added one of <paramref name="type"/> would conflict with on its name and line, if any.</summary>
    private static Record? Conflicts(string type, IEnumerable<Record> atNameAndLine)
    {
        var address = type is "A" or "AAAA";
        var exclusive = s_conflictsWithAddress.Contains(type);
        return atNameAndLine.FirstOrDefault(r =>
            (address && s_conflictsWithAddress.Contains(r.Type))
            || (exclusive && r.Type is "A" or "AAAA")
            || (exclusive && s_conflictsWithAddress.Contains(r.Type)));
    }

    private static (int, string) Locked() => Error(400, "DomainRecordLocked", "The domain record has been locked.");
}
