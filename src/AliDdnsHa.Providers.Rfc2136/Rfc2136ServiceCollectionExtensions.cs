// Licensed under the MIT license.

using AliDdnsHa.Dns;
using AliDdnsHa.Providers.Rfc2136;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the RFC 2136 provider type.</summary>
public static class Rfc2136ServiceCollectionExtensions
{
    public static IServiceCollection AddRfc2136DnsProvider(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDnsProviderFactory, Rfc2136ProviderFactory>());
        return services;
    }
}
