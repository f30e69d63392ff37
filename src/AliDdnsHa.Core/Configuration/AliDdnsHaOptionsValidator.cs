// Licensed under the MIT license.

using System.Net;
using System.Text.RegularExpressions;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Options;

namespace AliDdnsHa.Configuration;

/// <summary>Cross-field rules over <see cref="AliDdnsHaOptions"/>; reports every violation, never just the first.</summary>
public sealed partial class AliDdnsHaOptionsValidator : IValidateOptions<AliDdnsHaOptions>
{
    private static readonly TimeSpan s_minimumInterval = TimeSpan.FromMilliseconds(100);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex VantageNamePattern();

    /// <summary>A line code as Alidns writes them: lower case letters, digits and '_' (<c>telecom</c>,
    /// <c>cn_telecom_beijing</c>); custom lines also have '-' (<c>hra0yc-597</c>).</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    internal static partial Regex LineCodePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?))*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();

    public ValidateOptionsResult Validate(string? name, AliDdnsHaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }

    public static IReadOnlyList<ConfigurationError> Validate(AliDdnsHaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ConfigurationError>();
        void Error(string path, string message) => errors.Add(new ConfigurationError(path, message));

        if (options.Resolver.Timeout <= TimeSpan.Zero)
        {
            Error("Resolver.Timeout", $"'{DurationParser.Format(options.Resolver.Timeout)}' must be greater than zero");
        }

        if (options.Targets.Count == 0)
        {
            Error("Targets", "at least one target is required");
        }

        ValidateVantages(options.Vantages, Error);
        ValidateWeb(options.Web, Error);
        var vantageNames = options.Vantages.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

        var providers = options.Providers.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var targetNames = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < options.Targets.Count; t++)
        {
            var target = options.Targets[t];
            var path = $"Targets[{t}]";

            if (target.Name.Length == 0)
            {
                Error($"{path}.Name", "is required");
            }
            else if (!HostNamePattern().IsMatch(target.Name))
            {
                Error($"{path}.Name", $"'{target.Name}' is not a valid DNS name");
            }
            else if (targetNames.TryGetValue(target.Id, out var first))
            {
                Error($"{path}.Name", $"'{target.Name}' is already the name of {target.RecordType} target Targets[{first}] (a dual-stack name is one A and one AAAA target)");
            }
            else
            {
                targetNames.Add(target.Id, t);
            }

            if (target.Zone is { } zone)
            {
                if (!HostNamePattern().IsMatch(zone))
                {
                    Error($"{path}.Zone", $"'{zone}' is not a valid DNS name");
                }
                else if (target.Name.Length > 0 && !DnsName.IsInZone(target.Name, zone))
                {
                    Error($"{path}.Zone", $"'{target.Name}' is not inside zone '{zone}'");
                }
            }

            if (target.Provider.Length == 0)
            {
                Error($"{path}.Provider", "is required");
            }
            else if (!providers.Contains(target.Provider))
            {
                var known = providers.Count == 0 ? "none is configured under Providers" : $"configured: {string.Join(", ", providers.Order(StringComparer.Ordinal))}";
                Error($"{path}.Provider", $"'{target.Provider}' is not a configured provider ({known})");
            }

            if (target.Ttl is < 1 or > 86_400)
            {
                Error($"{path}.Ttl", $"'{target.Ttl}' must be between 1 and 86400 seconds");
            }

            if (target.Port is { } port && port is < 1 or > 65_535)
            {
                Error($"{path}.Port", $"'{port}' is not a TCP port (1-65535)");
            }

            ValidateProbe(target.Probe, $"{path}.Probe", Error);
            RequirePositive(target.ResyncInterval, $"{path}.ResyncInterval", Error);
            RequirePositive(target.DiscoveryInterval, $"{path}.DiscoveryInterval", Error);

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var vantage in target.Vantages)
            {
                if (!vantageNames.Contains(vantage))
                {
                    var known = vantageNames.Count == 0 ? "no Vantages section is configured" : $"configured: {string.Join(", ", vantageNames.Order(StringComparer.Ordinal))}";
                    Error($"{path}.Vantages", $"'{vantage}' is not a configured vantage ({known})");
                }
                else if (!seen.Add(vantage))
                {
                    Error($"{path}.Vantages", $"'{vantage}' is listed twice");
                }
            }

            if (target.Quorum is { } quorum)
            {
                var count = options.VantagesOf(target).Count;
                if (quorum < 1 || quorum > count)
                {
                    Error($"{path}.Quorum", $"'{quorum}' must be between 1 and the target's {count} vantage(s)");
                }
            }

            if (target.Sources.Count == 0)
            {
                Error($"{path}.Sources", "at least one source is required");
            }

            var sourceNames = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var s = 0; s < target.Sources.Count; s++)
            {
                var source = target.Sources[s];
                var sourcePath = $"{path}.Sources[{s}]";
                if (source.Name.Length == 0)
                {
                    Error($"{sourcePath}.Name", "is required");
                }
                else if (sourceNames.TryGetValue(source.Name, out var firstSource))
                {
                    Error($"{sourcePath}.Name", $"'{source.Name}' is already the name of {path}.Sources[{firstSource}]");
                }
                else
                {
                    sourceNames.Add(source.Name, s);
                }

                var kinds = (source.Addresses.Count > 0 ? 1 : 0) + (source.Hostname is null ? 0 : 1) + (source.Record is null ? 0 : 1)
                    + (source.Interface is null ? 0 : 1) + (source.Url is null ? 0 : 1);
                if (kinds != 1)
                {
                    Error(sourcePath, $"set exactly one of Address, Hostname, Record, Interface or Url (found {kinds})");
                }

                ValidateSourceFamily(target, source, sourcePath, Error);

                if (source.Hostname is { } host && !HostNamePattern().IsMatch(host))
                {
                    Error($"{sourcePath}.Hostname", $"'{host}' is not a valid DNS name");
                }

                if (source.Record is { } record && !HostNamePattern().IsMatch(record))
                {
                    Error($"{sourcePath}.Record", $"'{record}' is not a valid DNS name");
                }

                if (source.Line is { } sourceLine)
                {
                    if (source.Record is null)
                    {
                        Error($"{sourcePath}.Line", "applies only to a Record source (the line its record is read on)");
                    }
                    else if (!LineCodePattern().IsMatch(sourceLine))
                    {
                        Error($"{sourcePath}.Line", $"'{sourceLine}' is not a line code (lower case letters, digits, '_' and '-', such as default, telecom, cn_telecom_beijing)");
                    }
                }

                if (source.Port is { } sourcePort && sourcePort is < 1 or > 65_535)
                {
                    Error($"{sourcePath}.Port", $"'{sourcePort}' is not a TCP port (1-65535)");
                }
                else if (source.Port is null && target.Port is null)
                {
                    Error($"{sourcePath}.Port", $"no port: set {path}.Port or this source's Port");
                }

                foreach (var address in source.Addresses.Where(a => !a.Equals(IPAddress.None)))
                {
                    if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
                    {
                        Error($"{sourcePath}.Address", $"'{address}' cannot be published");
                    }
                }
            }

            ValidateLines(options, target, path, sourceNames.Keys, vantageNames, Error);
        }

        return errors;
    }

    /// <summary>A target's <c>Lines</c>: lower-case codes other than <c>default</c>, known sources and vantages, a
    /// quorum the line's vantages can reach, and vantages left for the target itself.</summary>
    private static void ValidateLines(AliDdnsHaOptions options, TargetOptions target, string path, IEnumerable<string> sources, HashSet<string> vantageNames, Action<string, string> error)
    {
        if (target.Lines.Count == 0)
        {
            return;
        }

        var known = sources.ToHashSet(StringComparer.Ordinal);
        foreach (var line in target.Lines)
        {
            var linePath = $"{path}.Lines.{line.Code}";
            if (line.Code == DnsLine.Default)
            {
                error(linePath, "the default line is the target itself (it holds every healthy address): list only the other lines");
            }
            else if (!LineCodePattern().IsMatch(line.Code))
            {
                error(linePath, $"'{line.Code}' is not a line code: line codes are lower case (letters, digits, '_' and '-'), such as telecom, unicom, mobile, cn_telecom_beijing");
            }

            if (line.Sources.Count == 0)
            {
                error($"{linePath}.Sources", "at least one source is required (the sources whose healthy addresses this line's users get)");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var source in line.Sources)
            {
                if (!known.Contains(source))
                {
                    error($"{linePath}.Sources", $"'{source}' is not a source of this target (sources: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
                }
                else if (!seen.Add(source))
                {
                    error($"{linePath}.Sources", $"'{source}' is listed twice");
                }
            }

            var seenVantages = new HashSet<string>(StringComparer.Ordinal);
            foreach (var vantage in line.Vantages)
            {
                if (!vantageNames.Contains(vantage))
                {
                    var configured = vantageNames.Count == 0 ? "no Vantages section is configured" : $"configured: {string.Join(", ", vantageNames.Order(StringComparer.Ordinal))}";
                    error($"{linePath}.Vantages", $"'{vantage}' is not a configured vantage ({configured})");
                }
                else if (!seenVantages.Add(vantage))
                {
                    error($"{linePath}.Vantages", $"'{vantage}' is listed twice");
                }
            }

            if (line.Quorum is { } quorum)
            {
                if (!line.HasOwnVantages)
                {
                    error($"{linePath}.Quorum", "applies only with the line's own Vantages (without them the line uses the target's quorum)");
                }
                else if (quorum < 1 || quorum > line.Vantages.Count)
                {
                    error($"{linePath}.Quorum", $"'{quorum}' must be between 1 and the line's {line.Vantages.Count} vantage(s)");
                }
            }
        }

        if (target.Vantages.Count == 0 && options.VantagesOf(target).Count == 0)
        {
            error($"{path}.Vantages", "every vantage is attached to one of the target's lines, so none is left to judge the default line: list the target's own Vantages");
        }
    }

    /// <summary>A source must be able to yield addresses of the target's family; settings that only fit another kind are errors.</summary>
    private static void ValidateSourceFamily(TargetOptions target, SourceOptions source, string path, Action<string, string> error)
    {
        var type = target.RecordType;
        var hint = type == DnsRecordType.A ? "set the target's RecordType: AAAA for IPv6 addresses" : "an AAAA target publishes IPv6 addresses only";
        foreach (var address in source.Addresses.Where(a => !a.Equals(IPAddress.None) && !type.Holds(a)))
        {
            error($"{path}.Address", $"'{address}' is not an {type.FamilyName()} address, and Targets of RecordType {type} publish only those ({hint})");
        }

        if (source.Interface is { } name && (name.Length > 15 || name.Any(c => char.IsWhiteSpace(c) || c == '/')))
        {
            error($"{path}.Interface", $"'{name}' is not a network interface name (at most 15 characters, no spaces or '/')");
        }

        if (source.Url is null && source.JsonPath is not null)
        {
            error($"{path}.JsonPath", "applies only to a Url source");
        }

        if (source.SourceAddress is { } local)
        {
            if (source.Url is null)
            {
                error($"{path}.SourceAddress", "applies only to a Url source");
            }
            else if (!type.Holds(local))
            {
                error($"{path}.SourceAddress", $"'{local}' is not an {type.FamilyName()} address: the request for an {type} target goes out over {type.FamilyName()}");
            }
        }

        if (source.Ipv6Suffix is { } suffix)
        {
            if (type != DnsRecordType.AAAA)
            {
                error($"{path}.Ipv6Suffix", "applies only to a target of RecordType AAAA");
            }
            else if (!type.Holds(suffix) || suffix.GetAddressBytes().AsSpan(0, 8).IndexOfAnyExcept((byte)0) >= 0)
            {
                error($"{path}.Ipv6Suffix", $"'{suffix}' is not an IPv6 interface id: write the lower 64 bits only, such as ::1234:5678 or ::a:b:c:d");
            }
        }
    }

    private static void ValidateWeb(WebOptions web, Action<string, string> error)
    {
        if (web.MaxConnections is < 1 or > 100_000)
        {
            error("Web.MaxConnections", $"{web.MaxConnections} must be between 1 and 100000");
        }

        if (web.MaxConnectionsPerClient < 1 || web.MaxConnectionsPerClient > Math.Max(web.MaxConnections, 1))
        {
            error("Web.MaxConnectionsPerClient", $"{web.MaxConnectionsPerClient} must be between 1 and Web.MaxConnections ({web.MaxConnections})");
        }

        if (web.MaxAuthFailures is < 1 or > 10_000)
        {
            error("Web.MaxAuthFailures", $"{web.MaxAuthFailures} must be between 1 and 10000");
        }
    }

    private static void ValidateVantages(IReadOnlyList<VantageOptions> vantages, Action<string, string> error)
    {
        foreach (var vantage in vantages)
        {
            var path = $"Vantages.{vantage.Name}";
            if (!VantageNamePattern().IsMatch(vantage.Name))
            {
                error(path, $"'{vantage.Name}' is not a valid vantage name (letters, digits, '_', '-', '.'; at most 63)");
            }

            var remote = vantage.Type != VantageType.Local;
            if (remote && vantage.Url is null)
            {
                error($"{path}.Url", $"is required for a {vantage.Type} vantage");
            }
            else if (!remote && vantage.Url is not null)
            {
                error($"{path}.Url", "applies to Blackbox and Prometheus vantages only");
            }

            if (vantage.Type == VantageType.Prometheus && vantage.Query is null)
            {
                error($"{path}.Query", "is required for a Prometheus vantage (for example 'probe_success{instance=\"{address}:{port}\"}')");
            }
            else if (vantage.Type != VantageType.Prometheus && vantage.Query is not null)
            {
                error($"{path}.Query", "applies to Prometheus vantages only");
            }

            if (vantage.SourceAddress is not null && remote)
            {
                error($"{path}.SourceAddress", "applies to Local vantages only (for a Blackbox vantage set source_ip_address in the exporter's module)");
            }

            if (vantage.MaxAge <= TimeSpan.Zero)
            {
                error($"{path}.MaxAge", $"'{DurationParser.Format(vantage.MaxAge)}' must be greater than zero");
            }

            if (!remote && (vantage.Username is not null || vantage.Password is not null || vantage.CaFile is not null))
            {
                error(path, "Username, Password, PasswordFile and CaFile apply to Blackbox and Prometheus vantages only");
            }
            else if ((vantage.Username is null) != (vantage.Password is null))
            {
                error($"{path}.{(vantage.Username is null ? "Username" : "Password")}", "basic auth needs both Username and Password (or PasswordFile)");
            }

            if (vantage.CaFile is { } ca)
            {
                if (vantage.Url is { } url && url.Scheme != Uri.UriSchemeHttps)
                {
                    error($"{path}.CaFile", "applies to https:// URLs only");
                }
                else if (!File.Exists(ca))
                {
                    error($"{path}.CaFile", $"'{ca}' does not exist");
                }
            }

            for (var c = 0; c < vantage.Canaries.Count; c++)
            {
                var canary = vantage.Canaries[c];
                if (vantage.Type != VantageType.Prometheus && !(AliDdnsHaOptionsReader.TryParseEndPoint(canary, 0, out var ep) && ep.Port != 0))
                {
                    error($"{path}.Canaries[{c}]", $"'{canary}' is not IP:port");
                }
            }
        }
    }

    private static void ValidateProbe(ProbeOptions probe, string path, Action<string, string> error)
    {
        foreach (var (value, name) in new[] { (probe.Interval, "Interval"), (probe.FastInterval, "FastInterval"), (probe.Timeout, "Timeout") })
        {
            if (value < s_minimumInterval)
            {
                error($"{path}.{name}", $"'{DurationParser.Format(value)}' must be at least 100ms");
            }
        }

        if (probe.Timeout >= probe.Interval)
        {
            error($"{path}.Timeout", $"'{DurationParser.Format(probe.Timeout)}' must be shorter than Interval '{DurationParser.Format(probe.Interval)}'");
        }

        if (probe.FastInterval > probe.Interval)
        {
            error($"{path}.FastInterval", $"'{DurationParser.Format(probe.FastInterval)}' must not be longer than Interval '{DurationParser.Format(probe.Interval)}'");
        }

        if (probe.FailureThreshold < 1)
        {
            error($"{path}.FailureThreshold", $"'{probe.FailureThreshold}' must be at least 1");
        }

        if (probe.SuccessThreshold < 1)
        {
            error($"{path}.SuccessThreshold", $"'{probe.SuccessThreshold}' must be at least 1");
        }
    }

    private static void RequirePositive(TimeSpan value, string path, Action<string, string> error)
    {
        if (value <= TimeSpan.Zero)
        {
            error(path, $"'{DurationParser.Format(value)}' must be greater than zero");
        }
    }
}
