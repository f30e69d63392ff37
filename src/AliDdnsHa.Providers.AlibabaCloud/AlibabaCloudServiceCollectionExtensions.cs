// Licensed under the MIT license.

using AliDdnsHa.Dns;
using AliDdnsHa.Providers.AlibabaCloud;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Alibaba Cloud DNS provider type.</summary>
public static class AlibabaCloudServiceCollectionExtensions
{
    public static IServiceCollection AddAlibabaCloudDnsProvider(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(AlibabaCloudProviderFactory.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDnsProviderFactory, AlibabaCloudProviderFactory>(_ => new AlibabaCloudProviderFactory()));
        return services;
    }
}
