// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Dns;

/// <summary>Creates each configured provider once, wrapped in <see cref="DryRunDnsProvider"/> in dry-run mode.</summary>
public sealed class DnsProviderRegistry
{
    private readonly Dictionary<string, IDnsProviderFactory> _factories;
    private readonly IServiceProvider _services;
    private readonly bool _dryRun;
    private readonly Lock _gate = new();
    private Dictionary<string, IDnsProvider> _providers = new(StringComparer.Ordinal);

    public DnsProviderRegistry(AliDdnsHaOptions options, IEnumerable<IDnsProviderFactory> factories, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        _factories = factories.ToDictionary(f => f.Type, StringComparer.OrdinalIgnoreCase);
        _services = services;
        _dryRun = options.DryRun;
        foreach (var provider in options.Providers)
        {
            _providers.Add(provider.Name, Create(provider));
        }
    }

    public IDnsProvider Get(string name)
    {
        lock (_gate)
        {
            return _providers[name];
        }
    }

    public IReadOnlyCollection<IDnsProvider> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _providers.Values];
            }
        }
    }

    /// <summary>After a configuration reload: providers named in <paramref name="changed"/> (or new) are created again
    /// from <paramref name="options"/>, removed ones dropped, and the others kept as they are.</summary>
    public void Update(AliDdnsHaOptions options, IReadOnlySet<string> changed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(changed);
        lock (_gate)
        {
            var next = new Dictionary<string, IDnsProvider>(StringComparer.Ordinal);
            foreach (var provider in options.Providers)
            {
                next.Add(provider.Name, !changed.Contains(provider.Name) && _providers.TryGetValue(provider.Name, out var kept) ? kept : Create(provider));
            }

            _providers = next;
        }
    }

    private IDnsProvider Create(ProviderOptions provider)
    {
        var instance = _factories[provider.Type].Create(provider.Name, provider.Section!, _services);
        return _dryRun ? new DryRunDnsProvider(instance, _services.GetRequiredService<ILogger<DryRunDnsProvider>>()) : instance;
    }
}
