// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Dns;

/// <summary>Creates each configured provider once, wrapped in <see cref="DryRunDnsProvider"/> in dry-run mode.</summary>
public sealed class DnsProviderRegistry
{
    private readonly Dictionary<string, IDnsProvider> _providers = new(StringComparer.Ordinal);

    public DnsProviderRegistry(AliDdnsHaOptions options, IEnumerable<IDnsProviderFactory> factories, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var byType = factories.ToDictionary(f => f.Type, StringComparer.OrdinalIgnoreCase);
        foreach (var provider in options.Providers)
        {
            IDnsProvider instance = byType[provider.Type].Create(provider.Name, provider.Section!, services);
            if (options.DryRun)
            {
                instance = new DryRunDnsProvider(instance, services.GetRequiredService<ILogger<DryRunDnsProvider>>());
            }

            _providers.Add(provider.Name, instance);
        }
    }

    public IDnsProvider Get(string name) => _providers[name];

    public IReadOnlyCollection<IDnsProvider> All => _providers.Values;
}
