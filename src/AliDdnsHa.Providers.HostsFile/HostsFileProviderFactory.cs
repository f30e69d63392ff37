// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AliDdnsHa.Providers.HostsFile;

/// <summary>Creates <see cref="HostsFileDnsProvider"/> instances for <c>Type: HostsFile</c>.</summary>
public sealed class HostsFileProviderFactory : IDnsProviderFactory
{
    private static readonly string[] s_keys = ["Type", "Path"];

    public string Type => "HostsFile";

    public bool SupportsDisable => false;

    public string? RefuseLine(IConfigurationSection section, string line) =>
        "a hosts file has no lines: every client that reads it gets the same answer (use Alidns, or BIND views through Rfc2136)";

    public IReadOnlyList<ConfigurationError> Validate(string path, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var errors = new List<ConfigurationError>();
        ProviderSettings.RejectUnknown(path, section, s_keys, errors);

        var file = section["Path"];
        if (string.IsNullOrWhiteSpace(file))
        {
            errors.Add(new ConfigurationError($"{path}.Path", "is required (the hosts file to keep, e.g. ./data/hosts)"));
        }
        else if (Directory.Exists(file))
        {
            errors.Add(new ConfigurationError($"{path}.Path", $"'{file}' is a directory, not a file"));
        }

        return errors;
    }

    public IDnsProvider Create(string name, IConfigurationSection section, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new HostsFileOptions { Path = section["Path"]!.Trim() };
        return new HostsFileDnsProvider(name, options, services.GetRequiredService<ControllerMetrics>(), services.GetRequiredService<TimeProvider>());
    }
}
