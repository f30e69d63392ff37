// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Testing;

/// <summary>Hands out one <see cref="FakeDnsProvider"/> for <c>Type: Fake</c>.</summary>
public sealed class FakeDnsProviderFactory(FakeDnsProvider provider) : IDnsProviderFactory
{
    public string Type => "Fake";

    public bool SupportsDisable => true;

    public string? RefuseLine(IConfigurationSection section, string line) => null;

    public IReadOnlyList<ConfigurationError> Validate(string path, IConfigurationSection section) => [];

    public IDnsProvider Create(string name, IConfigurationSection section, IServiceProvider services) => provider;
}
