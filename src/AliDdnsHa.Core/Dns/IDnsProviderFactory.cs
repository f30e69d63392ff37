// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Dns;

/// <summary>Validates the settings of one provider type and creates its instances.</summary>
public interface IDnsProviderFactory
{
    /// <summary>The value of <c>Type</c> that selects this factory, such as <c>HostsFile</c>.</summary>
    string Type { get; }

    /// <summary>True when the provider can disable and enable records (<c>RemoveMode: Disable</c>).</summary>
    bool SupportsDisable { get; }

    /// <summary>Why a provider of this section cannot hold a record set on <paramref name="line"/> (a line other than
    /// <see cref="DnsLine.Default"/>), or <see langword="null"/> when it can, or when only the live service can tell
    /// (the Alidns preflight asks which lines the domain's edition offers).</summary>
    string? RefuseLine(IConfigurationSection section, string line);

    /// <summary>Checks a provider section; returns every problem, with paths under <paramref name="path"/>.</summary>
    IReadOnlyList<ConfigurationError> Validate(string path, IConfigurationSection section);

    /// <summary>Creates the provider for a validated section.</summary>
    IDnsProvider Create(string name, IConfigurationSection section, IServiceProvider services);
}
