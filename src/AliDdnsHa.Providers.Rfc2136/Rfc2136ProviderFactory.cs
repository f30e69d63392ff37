// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DomainName = ARSoft.Tools.Net.DomainName;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>Validates and creates <c>Type: Rfc2136</c> providers.</summary>
public sealed class Rfc2136ProviderFactory : IDnsProviderFactory
{
    public const string TypeName = "Rfc2136";

    private static readonly string[] s_keys =
        ["Type", "Server", "Zone", "TsigKeyName", "TsigAlgorithm", "TsigSecret", "TsigSecretFile", "Transport", "Timeout", "MaxAttempts", "RetryBudget", "Lines"];

    private static readonly string[] s_lineKeys = ["TsigKeyName", "TsigAlgorithm", "TsigSecret", "TsigSecretFile"];

    public string Type => TypeName;

    public bool SupportsDisable => false;

    /// <summary>A line is a BIND view, chosen by the TSIG key: the provider needs that view's key under <c>Lines</c>.</summary>
    public string? RefuseLine(IConfigurationSection section, string line)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.GetSection("Lines").GetSection(line).Exists()
            ? null
            : $"lines through RFC 2136 are BIND views chosen by the TSIG key, and the provider has no key for '{line}': add Lines.{line} {{ TsigKeyName, TsigSecretFile }} to the provider (Knot and PowerDNS have no views)";
    }

    public IReadOnlyList<ConfigurationError> Validate(string path, IConfigurationSection section)
    {
        var errors = new List<ConfigurationError>();
        Read(path, section, errors);
        return errors;
    }

    public IDnsProvider Create(string name, IConfigurationSection section, IServiceProvider services)
    {
        var options = ProviderSettings.ReadValid(errors => Read($"Providers.{name}", section, errors));

        var client = new Rfc2136Client(
            options,
            name,
            services.GetRequiredService<ControllerMetrics>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<Rfc2136Client>());
        var lines = options.Lines.ToDictionary(
            l => l.Key,
            l => new Rfc2136Client(
                l.Value,
                name,
                services.GetRequiredService<ControllerMetrics>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger<Rfc2136Client>()),
            StringComparer.Ordinal);
        return new Rfc2136DnsProvider(name, client, lines);
    }

    /// <summary>Reads the section into options, adding every problem to <paramref name="errors"/>. Never puts the secret in a message.</summary>
    internal static Rfc2136Options Read(string path, IConfigurationSection section, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ProviderSettings.RejectUnknown(path, section, s_keys, errors);

        var options = new Rfc2136Options();
        ReadServer(path, section["Server"], options, errors);
        if (section["Zone"] is not { Length: > 0 } zone)
        {
            errors.Add(new ConfigurationError($"{path}.Zone", "is required: the zone the server takes updates for (e.g. example.com)"));
        }
        else if (DomainName.TryParse(zone.Trim().TrimEnd('.'), out var parsed) && parsed is { LabelCount: > 0 })
        {
            options.Zone = parsed;
        }
        else
        {
            errors.Add(new ConfigurationError($"{path}.Zone", $"'{zone}' is not a domain name"));
        }

        ReadTsig(path, section, options, errors);
        if (section["Transport"] is { Length: > 0 } transport)
        {
            if (Enum.TryParse<Rfc2136Transport>(transport.Trim(), ignoreCase: true, out var t) && Enum.IsDefined(t))
            {
                options.Transport = t;
            }
            else
            {
                errors.Add(new ConfigurationError($"{path}.Transport", $"'{transport}' must be Tcp or Udp"));
            }
        }

        options.Timeout = ProviderSettings.Duration(path, section, "Timeout", options.Timeout, errors);
        options.RetryBudget = ProviderSettings.Duration(path, section, "RetryBudget", options.RetryBudget, errors);
        options.MaxAttempts = ProviderSettings.WholeNumber(path, section, "MaxAttempts", 1, 10, options.MaxAttempts, errors);
        options.Lines = ReadLines($"{path}.Lines", section.GetSection("Lines"), options, errors);
        return options;
    }

    /// <summary>Each line's key: a BIND view is chosen by the key of a signed message, so every line needs a key of its
    /// own, different from the default view's and every other line's.</summary>
    private static Dictionary<string, Rfc2136Options> ReadLines(string path, IConfigurationSection section, Rfc2136Options options, List<ConfigurationError> errors)
    {
        var lines = new Dictionary<string, Rfc2136Options>(StringComparer.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (options.TsigKeyName is { } defaultKey)
        {
            keys[defaultKey.ToString().TrimEnd('.')] = "the default view";
        }

        foreach (var child in section.GetChildren())
        {
            var linePath = $"{path}.{child.Key}";
            if (child.Key == DnsLine.Default || child.Key.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-')))
            {
                errors.Add(new ConfigurationError(linePath, $"'{child.Key}' is not a line code for a view: lower case letters, digits, '_' and '-', and not default (the provider's own key is the default view's)"));
                continue;
            }

            ProviderSettings.RejectUnknown(linePath, child, s_lineKeys, errors);
            var line = options.WithoutKey();
            var before = errors.Count;
            ReadTsig(linePath, child, line, errors);
            if (line.TsigKeyName is not { } key)
            {
                if (errors.Count > before)
                {
                    continue; // ReadTsig said what is missing
                }

                errors.Add(new ConfigurationError($"{linePath}.TsigKeyName", "is required: BIND picks a view by the key that signs a message, so each line needs its own key (TsigSecretFile with a key statement names it)"));
                continue;
            }

            var plain = key.ToString().TrimEnd('.');
            if (keys.TryGetValue(plain, out var owner))
            {
                errors.Add(new ConfigurationError($"{linePath}.TsigKeyName", $"'{plain}' is already the key of {owner}: each view needs a key of its own, or messages land in the wrong view"));
            }
            else
            {
                keys[plain] = $"line {child.Key}";
            }

            lines[child.Key] = line;
        }

        return lines;
    }

    private static void ReadServer(string path, string? server, Rfc2136Options options, List<ConfigurationError> errors)
    {
        if (server is not { Length: > 0 })
        {
            errors.Add(new ConfigurationError($"{path}.Server", "is required: the primary server as host or host:port (e.g. 192.0.2.53:53)"));
            return;
        }

        var text = server.Trim();
        string host;
        var port = 53;
        if (!text.StartsWith('[') && IPAddress.TryParse(text, out _) && text.Contains(':', StringComparison.Ordinal))
        {
            host = text; // a bare IPv6 address
        }
        else if (IPEndPoint.TryParse(text, out var endpoint) && text.LastIndexOf(':') > text.LastIndexOf(']'))
        {
            (host, port) = (endpoint.Address.ToString(), endpoint.Port);
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0 && !(int.TryParse(text[(colon + 1)..], out port) && port is > 0 and <= 65535))
            {
                errors.Add(new ConfigurationError($"{path}.Server", $"'{server}' has no valid port (1-65535)"));
                return;
            }
        }

        if (host.Length == 0 || (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns))
        {
            errors.Add(new ConfigurationError($"{path}.Server", $"'{server}' is not a host name or IP address"));
            return;
        }

        options.ServerHost = host;
        options.ServerPort = port;
    }

    private static void ReadTsig(string path, IConfigurationSection section, Rfc2136Options options, List<ConfigurationError> errors)
    {
        string? keyName = section["TsigKeyName"] is { Length: > 0 } k ? k.Trim() : null;
        string? algorithm = section["TsigAlgorithm"] is { Length: > 0 } a ? a.Trim() : null;
        string? secret = section["TsigSecret"] is { Length: > 0 } s ? s.Trim() : null;
        if (section["TsigSecretFile"] is { Length: > 0 } file)
        {
            if (secret is not null)
            {
                errors.Add(new ConfigurationError($"{path}.TsigSecretFile", "set either TsigSecret or TsigSecretFile, not both"));
            }

            try
            {
                var parsed = TsigKeyFile.Parse(File.ReadAllText(file));
                secret = parsed.Secret;
                options.TsigSecretSource = $"file {file}";
                if (parsed.Name is { } fileKey)
                {
                    if (keyName is not null && !DnsNamesEqual(keyName, fileKey))
                    {
                        errors.Add(new ConfigurationError($"{path}.TsigKeyName", $"'{keyName}' differs from the key '{fileKey}' in {file}"));
                    }

                    keyName ??= fileKey;
                }

                if (parsed.Algorithm is { } fileAlgorithm)
                {
                    if (algorithm is not null && !string.Equals(algorithm.TrimEnd('.'), fileAlgorithm.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
                    {
                        errors.Add(new ConfigurationError($"{path}.TsigAlgorithm", $"'{algorithm}' differs from '{fileAlgorithm}' in {file}"));
                    }

                    algorithm ??= fileAlgorithm;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigurationError($"{path}.TsigSecretFile", $"cannot read '{file}': {ex.Message}"));
                return;
            }
        }
        else if (secret is not null)
        {
            options.TsigSecretSource = "configuration";
        }

        if (algorithm is not null)
        {
            if (Rfc2136Algorithms.TryParse(algorithm, out var parsedAlgorithm))
            {
                options.TsigAlgorithm = parsedAlgorithm;
            }
            else
            {
                errors.Add(new ConfigurationError($"{path}.TsigAlgorithm", $"'{algorithm}' is not supported (use one of: {string.Join(", ", Rfc2136Algorithms.Names)})"));
            }
        }

        if (keyName is null)
        {
            if (secret is not null)
            {
                errors.Add(new ConfigurationError($"{path}.TsigKeyName", "is required with a TSIG secret: the key's name as the server knows it"));
            }

            return; // unsigned updates, for servers that allow updates by address
        }

        if (!DomainName.TryParse(keyName.TrimEnd('.'), out var key) || key is not { LabelCount: > 0 })
        {
            errors.Add(new ConfigurationError($"{path}.TsigKeyName", $"'{keyName}' is not a valid key name"));
        }
        else
        {
            options.TsigKeyName = key;
        }

        if (secret is null)
        {
            errors.Add(new ConfigurationError($"{path}.TsigSecret", "is required with TsigKeyName: set TsigSecret (or ALIDDNSHA__Providers__<name>__TsigSecret), or TsigSecretFile"));
            return;
        }

        var buffer = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret, buffer, out var length) || length == 0)
        {
            errors.Add(new ConfigurationError($"{path}.TsigSecret", $"is not base64 (from {options.TsigSecretSource}; the value is not shown)"));
            return;
        }

        options.TsigSecret = buffer[..length];
    }

    private static bool DnsNamesEqual(string a, string b) => string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
