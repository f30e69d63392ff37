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

    /// <summary>Checks a provider section; returns every problem, with paths under <paramref name="path"/>.</summary>
    IReadOnlyList<ConfigurationError> Validate(string path, IConfigurationSection section);

    /// <summary>Creates the provider for a validated section.</summary>
    IDnsProvider Create(string name, IConfigurationSection section, IServiceProvider services);
}
