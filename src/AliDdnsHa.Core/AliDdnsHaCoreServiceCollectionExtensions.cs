// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Discovery;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Health;
using AliDdnsHa.Notifications;
using AliDdnsHa.Probing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the controller engine.</summary>
public static class AliDdnsHaCoreServiceCollectionExtensions
{
    /// <summary>Adds the engine for validated <paramref name="options"/>. Idempotent; overridable singletons use TryAdd.</summary>
    public static IServiceCollection AddAliDdnsHaCore(this IServiceCollection services, AliDdnsHaOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetricFactory>(_ => Metrics.DefaultFactory);
        services.TryAddSingleton(sp => new ControllerMetrics(sp.GetRequiredService<IMetricFactory>(), options.MaxProbeTimeout, options.EndpointHistogramsEnabled));
        services.TryAddSingleton<ITcpConnector, SocketTcpConnector>();
        services.TryAddSingleton<TcpProbe>();
        services.TryAddSingleton<VantageFactory>();
        services.TryAddSingleton(sp => new VantageRegistry(
            options,
            sp.GetRequiredService<VantageFactory>().Create,
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<IHostnameResolver>(_ => new DnsClientHostnameResolver(options.Resolver));
        services.TryAddSingleton<IInterfaceAddressReader>(_ => new SystemInterfaceAddressReader());
        services.TryAddSingleton(sp => new UrlAddressFetcher(options.Resolver.Timeout, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new Ipv6AddressWatcher(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SourceDiscovery(
            sp.GetRequiredService<IHostnameResolver>(),
            sp.GetRequiredService<IInterfaceAddressReader>(),
            sp.GetRequiredService<UrlAddressFetcher>(),
            sp.GetRequiredService<Ipv6AddressWatcher>()));
        services.TryAddSingleton(sp => new EventJournal(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new NotificationDispatcher(
            options,
            sp.GetRequiredService<EventJournal>(),
            sp.GetRequiredService<IMetricFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<DnsProviderRegistry>();
        services.TryAddSingleton<FailoverController>();
        services.TryAddSingleton<ControllerLivenessCheck>();
        services.TryAddSingleton<ControllerReadinessCheck>();
        return services;
    }
}
