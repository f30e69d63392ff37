// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Probing;

/// <summary>Builds the <see cref="IVantage"/> of a configured vantage.</summary>
public sealed class VantageFactory(TcpProbe localProbe, TimeProvider timeProvider) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public IVantage Create(VantageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Type)
        {
            case VantageType.Blackbox:
                return new BlackboxVantage(options, Own(new VantageHttpClient(options, timeProvider)), timeProvider);
            case VantageType.Prometheus:
                return new PrometheusVantage(options, Own(new VantageHttpClient(options, timeProvider)), timeProvider);
            default:
                var probe = options.SourceAddress is { } source ? Own(new TcpProbe(new SocketTcpConnector(timeProvider, source), timeProvider)) : localProbe;
                return new LocalVantage(options.Name, probe);
        }
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
