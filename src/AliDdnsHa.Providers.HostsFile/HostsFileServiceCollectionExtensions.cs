// Licensed under the MIT license.

using AliDdnsHa.Dns;
using AliDdnsHa.Providers.HostsFile;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hosts-file provider type.</summary>
public static class HostsFileServiceCollectionExtensions
{
    public static IServiceCollection AddHostsFileDnsProvider(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDnsProviderFactory, HostsFileProviderFactory>());
        return services;
    }
}
