// Licensed under the MIT license.

using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Configuration;

/// <summary>One configured DNS provider: its name, its type and its own settings.</summary>
public sealed class ProviderOptions
{
    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    /// <summary>The provider's configuration section, read by its <see cref="Dns.IDnsProviderFactory"/>.</summary>
    public IConfigurationSection? Section { get; set; }

    public override string ToString() => $"{Name} ({Type})";
}
