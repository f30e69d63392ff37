// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>The domain and line actions: the zone of a name, the domain's edition, and the lines it offers.</summary>
public sealed partial class AlidnsEmulator
{
    /// <summary>The top-level lines of the free edition: the ISPs, education, overseas and search engines.</summary>
    public static IReadOnlyList<string> FreeEditionLines { get; } =
        ["default", "telecom", "unicom", "mobile", "edu", "drpeng", "btvn", "oversea", "search"];

    private static readonly Dictionary<string, string> s_lineNames = new(StringComparer.Ordinal)
    {
        ["default"] = "默认",
        ["telecom"] = "中国电信",
        ["unicom"] = "中国联通",
        ["mobile"] = "中国移动",
        ["edu"] = "中国教育网",
        ["drpeng"] = "中国鹏博士",
        ["btvn"] = "中国广电网",
        ["oversea"] = "境外",
        ["search"] = "搜索引擎",
        ["cn_telecom_beijing"] = "中国电信_北京",
        ["cn_unicom_hainan"] = "中国联通_海南",
    };

    private (int, string) DescribeDomainInfo(Dictionary<string, string> p)
    {
        if (Missing(p, "DomainName") is { } missing)
        {
            return missing;
        }

        if (!_domains.TryGetValue(p["DomainName"], out var domain))
        {
            return Error(400, "InvalidDomainName.NoExist", "The specified domain name does not exist. Refresh the page and try again.");
        }

        var answer = new Dictionary<string, object>
        {
            ["RequestId"] = RequestId(),
            ["DomainName"] = domain.Zone,
            ["MinTtl"] = domain.MinTtl,
            ["VersionCode"] = domain.VersionCode,
            ["VersionName"] = domain.VersionName,
            ["DomainId"] = "00000000-0000-0000-0000-000000000000",
        };
        if (domain.InstanceId is { } instance)
        {
            answer["InstanceId"] = instance;
        }

        return Ok(answer);
    }

    /// <summary>A paid instance's details; a free domain has no instance, so no id finds it.</summary>
    private (int, string) DescribeDnsProductInstance(Dictionary<string, string> p)
    {
        if (Missing(p, "InstanceId") is { } missing)
        {
            return missing;
        }

        if (_domains.Values.FirstOrDefault(d => d.InstanceId == p["InstanceId"]) is not { } domain)
        {
            return Error(400, "InvalidDnsProduct", "The specified instance does not exist.");
        }

        return Ok(new Dictionary<string, object>
        {
            ["RequestId"] = RequestId(),
            ["InstanceId"] = domain.InstanceId!,
            ["VersionCode"] = domain.VersionCode,
            ["VersionName"] = domain.VersionName,
            ["TTLMinValue"] = domain.MinTtl,
            ["DnsSLBCount"] = RecordCap,
            ["ISPLines"] = "电信、移动、联通、教育网",
            ["RegionLines"] = domain.Lines.Any(l => l.StartsWith("cn_", StringComparison.Ordinal)),
            ["Domain"] = domain.Zone,
        });
    }

    /// <summary>The lines the domain's edition offers (without a DomainName: the free edition's).</summary>
    private (int, string) DescribeSupportLines(Dictionary<string, string> p)
    {
        IReadOnlyList<string> lines = FreeEditionLines;
        if (p.TryGetValue("DomainName", out var zone))
        {
            if (!_domains.TryGetValue(zone, out var domain))
            {
                return Error(400, "InvalidDomainName.NoExist", "The specified domain name does not exist. Refresh the page and try again.");
            }

            lines = domain.Lines;
        }

        return Ok(new Dictionary<string, object>
        {
            ["RequestId"] = RequestId(),
            ["RecordLines"] = new Dictionary<string, object>
            {
                ["RecordLine"] = lines.Select(l => new Dictionary<string, string>
                {
                    ["LineCode"] = l,
                    ["LineName"] = s_lineNames.GetValueOrDefault(l, l),
                    ["LineDisplayName"] = s_lineNames.GetValueOrDefault(l, l),
                }).ToList(),
            },
        });
    }

    private (int, string) GetMainDomainName(Dictionary<string, string> p)
    {
        if (Missing(p, "InputString") is { } missing)
        {
            return missing;
        }

        var input = p["InputString"].TrimEnd('.');
        var labels = input.Split('.');
        if (labels.Length < 2)
        {
            return Error(400, "InvalidDomainName.Format", "The domain name format is invalid.");
        }

        var zone = FindZone(input)?.Zone ?? string.Join('.', labels[^2..]);
        return Ok(new Dictionary<string, object>
        {
            ["RequestId"] = RequestId(),
            ["DomainName"] = zone,
            ["RR"] = RelativeName(input, zone),
            ["DomainLevel"] = labels.Length - zone.Split('.').Length + 1,
        });
    }

    /// <summary>A line the domain's edition does not offer is refused, as the service refuses it.</summary>
    private static (int, string)? UnknownLine(Domain domain, string line) =>
        domain.Lines.Contains(line)
            ? null
            : Error(400, "InvalidLine.Unsupported", $"The line {line} is not supported by the edition of {domain.Zone} ({domain.VersionName}).");
}
