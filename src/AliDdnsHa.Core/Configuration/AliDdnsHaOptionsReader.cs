// Licensed under the MIT license.

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Configuration;

/// <summary>
/// Reads <see cref="AliDdnsHaOptions"/> from configuration, collecting every problem instead of stopping at the first.
/// </summary>
/// <remarks>
/// Written by hand rather than with the configuration binder: the binder throws on the first value it cannot convert,
/// does not know durations such as <c>5s</c>, and cannot say which path held the bad value. Unknown keys are reported
/// too, so a typo such as <c>Intervall</c> is an error rather than a silently ignored setting.
/// </remarks>
public sealed partial class AliDdnsHaOptionsReader
{
    private static readonly string[] s_rootKeys = ["DryRun", "Resolver", "Metrics", "Providers", "Vantages", "Targets", "Web", "Notifications", "Urls", "Logging", "Kestrel", "AllowedHosts"];
    private static readonly string[] s_resolverKeys = ["Servers", "Timeout"];
    private static readonly string[] s_metricsKeys = ["EndpointHistograms"];
    private static readonly string[] s_webKeys = ["ConfigFile", "PublicPaths", "EnableLifecycle", "MaxConnections", "MaxConnectionsPerClient", "MaxAuthFailures"];
    private static readonly string[] s_targetKeys = ["Name", "RecordType", "Zone", "Provider", "Ttl", "Port", "Probe", "WhenAllDown", "RemoveMode", "ResyncInterval", "DiscoveryInterval", "Sources", "Vantages", "Quorum", "AllowAddresses", "DenyAddresses", "Lines", "WhenLineDown", "AdoptCname"];
    private static readonly string[] s_lineKeys = ["Sources", "Vantages", "Quorum"];
    private static readonly string[] s_vantageKeys = ["Type", "Canaries", "SourceAddress", "Url", "Module", "Username", "Password", "PasswordFile", "CaFile", "Query", "MaxAge"];
    private static readonly string[] s_probeKeys = ["Interval", "FastInterval", "Timeout", "FailureThreshold", "SuccessThreshold"];
    private static readonly string[] s_sourceKeys = ["Name", "Address", "Hostname", "Record", "Line", "Interface", "Url", "JsonPath", "SourceAddress", "Ipv6Suffix", "Port"];

    private readonly IReadOnlyDictionary<string, IDnsProviderFactory> _factories;
    private readonly List<ConfigurationError> _errors = [];

    public AliDdnsHaOptionsReader(IEnumerable<IDnsProviderFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        _factories = factories.ToDictionary(f => f.Type, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Reads and validates; the result carries the options and every error found.</summary>
    public ConfigurationLoadResult Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _errors.Clear();
        CheckKeys(configuration.GetChildren(), "", s_rootKeys);

        var options = new AliDdnsHaOptions
        {
            DryRun = ReadBool(configuration, "DryRun", "DryRun") ?? false,
            Resolver = ReadResolver(configuration.GetSection("Resolver")),
            Metrics = ReadMetrics(configuration.GetSection("Metrics")),
            Providers = ReadProviders(configuration.GetSection("Providers")),
            Web = ReadWeb(configuration.GetSection("Web")),
        };

        options.Vantages.AddRange(ReadVantages(configuration.GetSection("Vantages")));
        options.Notifications.AddRange(ReadNotifications(configuration.GetSection("Notifications")));
        foreach (var (section, path) in ReadList(configuration.GetSection("Targets"), "Targets"))
        {
            options.Targets.Add(ReadTarget(section, path));
        }

        for (var t = 0; t < options.Targets.Count; t++)
        {
            var target = options.Targets[t];
            var provider = options.Providers.Find(p => p.Name == target.Provider);
            if (target.RemoveMode == RemoveMode.Disable && provider is not null && _factories.TryGetValue(provider.Type, out var factory) && !factory.SupportsDisable)
            {
                Error($"Targets[{t}].RemoveMode", $"'Disable' is not supported by provider '{provider.Name}' of type {factory.Type}; use Delete");
            }

            CheckLines(target, $"Targets[{t}]", provider);
        }

        _errors.AddRange(AliDdnsHaOptionsValidator.Validate(options));
        return new ConfigurationLoadResult(options, [.. _errors]);
    }

    /// <summary>Every line the target reads or writes on must be one its provider can hold.</summary>
    private void CheckLines(TargetOptions target, string path, ProviderOptions? provider)
    {
        if (provider?.Section is not { } section || !_factories.TryGetValue(provider.Type, out var factory))
        {
            return;
        }

        for (var s = 0; s < target.Sources.Count; s++)
        {
            if (target.Sources[s].Line is { } line && line != DnsLine.Default && factory.RefuseLine(section, line) is { } reason)
            {
                Error($"{path}.Sources[{s}].Line", $"'{line}' cannot be read through provider '{provider.Name}': {reason}");
            }
        }

        foreach (var line in target.Lines.Where(l => l.Code != DnsLine.Default))
        {
            if (factory.RefuseLine(section, line.Code) is { } reason)
            {
                Error($"{path}.Lines.{line.Code}", $"provider '{provider.Name}' ({provider.Type}) cannot hold line '{line.Code}': {reason}");
            }
        }
    }

    private ResolverOptions ReadResolver(IConfigurationSection section)
    {
        var resolver = new ResolverOptions();
        CheckKeys(section.GetChildren(), "Resolver", s_resolverKeys);
        foreach (var (value, path) in ReadValues(section.GetSection("Servers"), "Resolver.Servers"))
        {
            if (TryParseEndPoint(value, 53, out var endPoint))
            {
                resolver.Servers.Add(endPoint);
            }
            else
            {
                Error(path, $"'{value}' is not an IP address or IP:port");
            }
        }

        resolver.Timeout = ReadDuration(section, "Timeout", "Resolver.Timeout") ?? resolver.Timeout;
        return resolver;
    }

    private MetricsOptions ReadMetrics(IConfigurationSection section)
    {
        CheckKeys(section.GetChildren(), "Metrics", s_metricsKeys);
        return new MetricsOptions { EndpointHistograms = ReadEnum(section, "EndpointHistograms", "Metrics.EndpointHistograms", EndpointHistogramMode.Auto) };
    }

    private WebOptions ReadWeb(IConfigurationSection section)
    {
        CheckKeys(section.GetChildren(), "Web", s_webKeys);
        var web = new WebOptions
        {
            ConfigFile = Trimmed(section["ConfigFile"]),
            EnableLifecycle = ReadBool(section, "EnableLifecycle", "Web.EnableLifecycle") ?? false,
        };
        web.MaxConnections = ReadInt(section, "MaxConnections", "Web.MaxConnections") ?? web.MaxConnections;
        web.MaxConnectionsPerClient = ReadInt(section, "MaxConnectionsPerClient", "Web.MaxConnectionsPerClient") ?? web.MaxConnectionsPerClient;
        web.MaxAuthFailures = ReadInt(section, "MaxAuthFailures", "Web.MaxAuthFailures") ?? web.MaxAuthFailures;
        if (section.GetSection("PublicPaths").Exists())
        {
            web.PublicPaths.Clear();
            foreach (var (value, path) in ReadValues(section.GetSection("PublicPaths"), "Web.PublicPaths"))
            {
                if (!value.StartsWith('/'))
                {
                    Error(path, $"'{value}' must be a path that starts with /");
                }

                web.PublicPaths.Add(value);
            }
        }

        return web;
    }

    private List<ProviderOptions> ReadProviders(IConfigurationSection section)
    {
        var providers = new List<ProviderOptions>();
        foreach (var child in section.GetChildren())
        {
            var path = $"Providers.{child.Key}";
            var type = child["Type"];
            if (string.IsNullOrWhiteSpace(type))
            {
                Error($"{path}.Type", $"is required (one of: {string.Join(", ", _factories.Keys.Order(StringComparer.Ordinal))})");
            }
            else if (!_factories.TryGetValue(type, out var factory))
            {
                Error($"{path}.Type", $"'{type}' is not a known provider type (one of: {string.Join(", ", _factories.Keys.Order(StringComparer.Ordinal))})");
            }
            else
            {
                type = factory.Type;
                _errors.AddRange(factory.Validate(path, child));
            }

            providers.Add(new ProviderOptions { Name = child.Key, Type = type ?? "", Section = child });
        }

        return providers;
    }

    private IEnumerable<VantageOptions> ReadVantages(IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            var path = $"Vantages.{child.Key}";
            CheckKeys(child.GetChildren(), path, s_vantageKeys);
            var vantage = new VantageOptions
            {
                Name = child.Key,
                Type = ReadEnum(child, "Type", $"{path}.Type", VantageType.Local),
                Module = Trimmed(child["Module"]) ?? "tcp_connect",
                Username = Trimmed(child["Username"]),
                CaFile = Trimmed(child["CaFile"]),
                Query = Trimmed(child["Query"]),
                MaxAge = ReadDuration(child, "MaxAge", $"{path}.MaxAge") ?? TimeSpan.FromMinutes(2),
            };
            if (Trimmed(child["Type"]) is null)
            {
                Error($"{path}.Type", $"is required (one of: {string.Join(", ", Enum.GetNames<VantageType>())})");
            }

            foreach (var (value, _) in ReadValues(child.GetSection("Canaries"), $"{path}.Canaries"))
            {
                vantage.Canaries.Add(value);
            }

            if (Trimmed(child["SourceAddress"]) is { } source)
            {
                if (IPAddress.TryParse(source, out var address))
                {
                    vantage.SourceAddress = address;
                }
                else
                {
                    Error($"{path}.SourceAddress", $"'{source}' is not an IP address");
                }
            }

            if (Trimmed(child["Url"]) is { } url)
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                    && string.IsNullOrEmpty(uri.UserInfo))
                {
                    vantage.Url = uri;
                }
                else
                {
                    // The text is not echoed: a URL with user info may hold a password.
                    Error($"{path}.Url", "is not an http:// or https:// URL without user info (put credentials in Username and Password or PasswordFile)");
                }
            }

            ReadPassword(child, path, vantage);
            yield return vantage;
        }
    }

    /// <summary>Reads <c>Password</c> (or its environment variable) or <c>PasswordFile</c>; never echoes the secret.</summary>
    /// <remarks>Inline as written; from a file without its trailing newline (a password may end in spaces).</remarks>
    private void ReadPassword(IConfigurationSection section, string path, VantageOptions vantage)
    {
        if (ReadInlineOrFile(section, path, "Password", trimAll: false) is { } password)
        {
            (vantage.Password, vantage.PasswordSource) = password;
        }
    }

    /// <summary>Reads a secret given inline as <paramref name="key"/> or in the file named by <paramref name="key"/>File,
    /// reporting both set, an empty file or an unreadable one, and never echoing the value. Returns the value and where
    /// it came from (<paramref name="key"/> or the file's path). <paramref name="trimAll"/> trims whitespace at both
    /// ends of either; otherwise the inline value is kept as written and only the file's trailing newline is dropped.</summary>
    private (string Value, string Source)? ReadInlineOrFile(IConfigurationSection section, string path, string key, bool trimAll)
    {
        var inline = section[key];
        var file = Trimmed(section[key + "File"]);
        if (!string.IsNullOrEmpty(inline) && file is not null)
        {
            Error($"{path}.{key}", $"set {key} or {key}File, not both");
            return null;
        }

        if (!string.IsNullOrEmpty(inline))
        {
            return (trimAll ? inline.Trim() : inline, key);
        }

        if (file is null)
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(file);
            text = trimAll ? text.Trim() : text.TrimEnd('\r', '\n');
            if (text.Length == 0)
            {
                Error($"{path}.{key}File", $"'{file}' is empty");
                return null;
            }

            return (text, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Error($"{path}.{key}File", $"cannot read '{file}': {ex.GetType().Name}");
            return null;
        }
    }

    private TargetOptions ReadTarget(IConfigurationSection section, string path)
    {
        CheckKeys(section.GetChildren(), path, s_targetKeys);
        var target = new TargetOptions
        {
            Name = NormalizeName(section["Name"]) ?? "",
            RecordType = ReadEnum(section, "RecordType", $"{path}.RecordType", DnsRecordType.A),
            Zone = NormalizeName(section["Zone"]),
            Provider = Trimmed(section["Provider"]) ?? "",
            Ttl = ReadInt(section, "Ttl", $"{path}.Ttl") ?? OptionDefaults.Ttl,
            Port = ReadInt(section, "Port", $"{path}.Port"),
            WhenAllDown = ReadEnum(section, "WhenAllDown", $"{path}.WhenAllDown", OptionDefaults.WhenAllDown),
            WhenLineDown = ReadEnum(section, "WhenLineDown", $"{path}.WhenLineDown", LineDownPolicy.Default),
            RemoveMode = ReadEnum(section, "RemoveMode", $"{path}.RemoveMode", RemoveMode.Delete),
            ResyncInterval = ReadDuration(section, "ResyncInterval", $"{path}.ResyncInterval") ?? OptionDefaults.ResyncInterval,
            DiscoveryInterval = ReadDuration(section, "DiscoveryInterval", $"{path}.DiscoveryInterval") ?? OptionDefaults.DiscoveryInterval,
            Quorum = ReadInt(section, "Quorum", $"{path}.Quorum"),
            AdoptCname = ReadBool(section, "AdoptCname", $"{path}.AdoptCname") ?? false,
        };

        foreach (var (value, _) in ReadValues(section.GetSection("Vantages"), $"{path}.Vantages"))
        {
            target.Vantages.Add(value);
        }

        target.AllowAddresses.AddRange(ReadNetworks(section.GetSection("AllowAddresses"), $"{path}.AllowAddresses"));
        target.DenyAddresses.AddRange(ReadNetworks(section.GetSection("DenyAddresses"), $"{path}.DenyAddresses"));

        var probe = section.GetSection("Probe");
        var probePath = $"{path}.Probe";
        CheckKeys(probe.GetChildren(), probePath, s_probeKeys);
        target.Probe = new ProbeOptions
        {
            Interval = ReadDuration(probe, "Interval", $"{probePath}.Interval") ?? OptionDefaults.Interval,
            FastInterval = ReadDuration(probe, "FastInterval", $"{probePath}.FastInterval") ?? OptionDefaults.FastInterval,
            Timeout = ReadDuration(probe, "Timeout", $"{probePath}.Timeout") ?? OptionDefaults.Timeout,
            FailureThreshold = ReadInt(probe, "FailureThreshold", $"{probePath}.FailureThreshold") ?? OptionDefaults.FailureThreshold,
            SuccessThreshold = ReadInt(probe, "SuccessThreshold", $"{probePath}.SuccessThreshold") ?? OptionDefaults.SuccessThreshold,
        };

        foreach (var (sourceSection, sourcePath) in ReadList(section.GetSection("Sources"), $"{path}.Sources"))
        {
            target.Sources.Add(ReadSource(sourceSection, sourcePath));
        }

        target.Lines.AddRange(ReadLines(section.GetSection("Lines"), $"{path}.Lines"));
        return target;
    }

    /// <summary>Reads <c>Lines</c>: a map from line code to either a list of source names (<c>telecom: [ct]</c>) or
    /// <c>{ Sources, Vantages, Quorum }</c>.</summary>
    private IEnumerable<LineOptions> ReadLines(IConfigurationSection section, string path)
    {
        if (section.Value is { Length: > 0 } scalar)
        {
            Error(path, $"must be a map from line code to sources (for example 'telecom: [ct]'), not '{scalar}'");
            yield break;
        }

        foreach (var child in section.GetChildren())
        {
            var linePath = $"{path}.{child.Key}";
            var line = new LineOptions { Code = child.Key };
            var isMap = child.GetChildren().Any(c => !int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _));
            if (isMap)
            {
                CheckKeys(child.GetChildren(), linePath, s_lineKeys);
                line.Sources.AddRange(ReadValues(child.GetSection("Sources"), $"{linePath}.Sources").Select(v => v.Value));
                line.Vantages.AddRange(ReadValues(child.GetSection("Vantages"), $"{linePath}.Vantages").Select(v => v.Value));
                line.Quorum = ReadInt(child, "Quorum", $"{linePath}.Quorum");
            }
            else
            {
                line.Sources.AddRange(ReadValues(child, linePath).Select(v => v.Value));
            }

            yield return line;
        }
    }

    private SourceOptions ReadSource(IConfigurationSection section, string path)
    {
        CheckKeys(section.GetChildren(), path, s_sourceKeys);
        var source = new SourceOptions
        {
            Name = Trimmed(section["Name"]) ?? "",
            Hostname = NormalizeName(section["Hostname"]),
            Record = NormalizeName(section["Record"]),
            Line = Trimmed(section["Line"]),
            Interface = Trimmed(section["Interface"]),
            JsonPath = Trimmed(section["JsonPath"]),
            Port = ReadInt(section, "Port", $"{path}.Port"),
            SourceAddress = ReadAddress(section, "SourceAddress", $"{path}.SourceAddress"),
            Ipv6Suffix = ReadAddress(section, "Ipv6Suffix", $"{path}.Ipv6Suffix"),
        };

        if (Trimmed(section["Url"]) is { } url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                source.Url = uri;
            }
            else
            {
                Error($"{path}.Url", $"'{url}' is not an http:// or https:// URL");
            }
        }

        foreach (var (value, valuePath) in ReadValues(section.GetSection("Address"), $"{path}.Address"))
        {
            if (IPAddressText.TryParse(value, out var address))
            {
                source.Addresses.Add(address);
            }
            else
            {
                Error(valuePath, $"'{value}' is not an IPv4 or IPv6 address");
            }
        }

        // Keep an unparseable address visible to the validator as "set", so it does not also report "no address".
        if (source.Addresses.Count == 0 && (section["Address"] is { Length: > 0 } || section.GetSection("Address").GetChildren().Any()))
        {
            source.Addresses.Add(IPAddress.None);
        }

        return source;
    }

    private IPAddress? ReadAddress(IConfiguration section, string key, string path)
    {
        var text = Trimmed(section[key]);
        if (text is null)
        {
            return null;
        }

        if (IPAddressText.TryParse(text, out var address))
        {
            return address;
        }

        Error(path, $"'{text}' is not an IP address");
        return null;
    }

    /// <summary>CIDR ranges (<c>100.64.0.0/10</c>); a bare address is a /32 (or /128).</summary>
    private List<IPNetwork> ReadNetworks(IConfigurationSection section, string path)
    {
        var networks = new List<IPNetwork>();
        foreach (var (value, valuePath) in ReadValues(section, path))
        {
            if (IPNetwork.TryParse(value, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(value, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                Error(valuePath, $"'{value}' is not an address range (examples: 100.64.0.0/10, 192.0.2.7)");
            }
        }

        return networks;
    }

    private IEnumerable<(IConfigurationSection Section, string Path)> ReadList(IConfigurationSection section, string path)
    {
        if (section.Value is { Length: > 0 } scalar)
        {
            Error(path, $"must be a list, not '{scalar}'");
            yield break;
        }

        foreach (var child in section.GetChildren())
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                Error($"{path}.{child.Key}", "must be a list item (use '- ' in YAML or an array in JSON)");
                continue;
            }

            yield return (child, $"{path}[{index}]");
        }
    }

    /// <summary>A setting that takes one value or a list of values.</summary>
    private static IEnumerable<(string Value, string Path)> ReadValues(IConfigurationSection section, string path)
    {
        if (section.Value is { } single)
        {
            foreach (var part in single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return (part, path);
            }

            yield break;
        }

        foreach (var child in section.GetChildren())
        {
            yield return ((child.Value ?? "").Trim(), $"{path}[{child.Key}]");
        }
    }

    private void CheckKeys(IEnumerable<IConfigurationSection> children, string path, string[] known)
    {
        foreach (var child in children)
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                var childPath = path.Length == 0 ? child.Key : $"{path}.{child.Key}";
                Error(childPath, $"unknown setting (known here: {string.Join(", ", known)})");
            }
        }
    }

    private bool? ReadBool(IConfiguration section, string key, string path)
    {
        var text = Trimmed(section[key]);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(path, $"'{text}' is not true or false");
        return null;
    }

    private int? ReadInt(IConfiguration section, string key, string path)
    {
        var text = Trimmed(section[key]);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(path, $"'{text}' is not a whole number");
        return null;
    }

    private TimeSpan? ReadDuration(IConfiguration section, string key, string path)
    {
        var text = Trimmed(section[key]);
        if (text is null)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var value))
        {
            return value;
        }

        Error(path, $"'{text}' is not a duration (examples: 500ms, 5s, 1m, 00:00:05)");
        return null;
    }

    private T ReadEnum<T>(IConfiguration section, string key, string path, T fallback)
        where T : struct, Enum
    {
        var text = Trimmed(section[key]);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, out _) && Enum.TryParse<T>(text, ignoreCase: true, out var value))
        {
            return value;
        }

        Error(path, $"'{text}' is not one of {string.Join(" | ", Enum.GetNames<T>())}");
        return fallback;
    }

    private void Error(string path, string message) => _errors.Add(new ConfigurationError(path, message));

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Lower case, no trailing dot; <see langword="null"/> when empty.</summary>
    internal static string? NormalizeName(string? value)
    {
        var trimmed = Trimmed(value);
        return trimmed?.TrimEnd('.').ToLowerInvariant();
    }

    internal static bool TryParseEndPoint(string text, int defaultPort, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (IPAddress.TryParse(text, out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 ? !text.StartsWith('[') : !text.Contains(':', StringComparison.Ordinal)))
        {
            endPoint = new IPEndPoint(address, defaultPort);
            return true;
        }

        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0)
        {
            endPoint = parsed;
            return true;
        }

        return false;
    }
}
