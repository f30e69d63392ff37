// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Discovery;

public sealed class Ipv6AddressWatcherTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Subscribers_ShareOneReadPerPeriod_AndAreAllTold_OfAChange()
    {
        File.WriteAllText(_file, "fe80 1 40 20 80 eth0\n");
        using var watcher = new Ipv6AddressWatcher(_time, _file);
        var (a, b) = (0, 0);
        using var first = watcher.Subscribe(() => a++);
        using var second = watcher.Subscribe(() => b++);
        var reads = watcher.Reads;

        _time.Advance(Ipv6AddressWatcher.Period * 3);
        Assert.Equal(reads + 3, watcher.Reads); // once a period, not once per subscriber
        Assert.Equal((0, 0), (a, b));

        File.WriteAllText(_file, "20010db8 2 40 00 80 eth0\n");
        _time.Advance(Ipv6AddressWatcher.Period);
        Assert.Equal((1, 1), (a, b));
    }

    [Fact]
    public void WithoutSubscribers_TheFileIsNotRead()
    {
        using var watcher = new Ipv6AddressWatcher(_time, _file);
        watcher.Subscribe(() => { }).Dispose();
        var reads = watcher.Reads;

        _time.Advance(Ipv6AddressWatcher.Period * 5);

        Assert.Equal(reads, watcher.Reads);
    }

    [Fact]
    public async Task TwoAaaaTargetsWithInterfaceSources_ReadTheFileOncePerPeriod()
    {
        using var watcher = new Ipv6AddressWatcher(_time, _file);
        using var urls = new UrlAddressFetcher(TimeSpan.FromSeconds(1), _time);
        using var discovery = new SourceDiscovery(new FakeHostnameResolver(), new SystemInterfaceAddressReader(), urls, watcher);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var one = Target("one.example.com", discovery);
        using var two = Target("two.example.com", discovery);
        var runs = new[] { one.RunAsync(stop.Token), two.RunAsync(stop.Token) };
        var reads = watcher.Reads;

        _time.Advance(Ipv6AddressWatcher.Period * 4);

        Assert.Equal(reads + 4, watcher.Reads); // each target used to run its own reader: 8
        await stop.CancelAsync();
        await Task.WhenAll(runs);
    }

    public void Dispose() => File.Delete(_file);

    private TargetController Target(string name, SourceDiscovery discovery)
    {
        var provider = new FakeDnsProvider();
        return new TargetController(
            new TargetOptions
            {
                Name = name,
                RecordType = DnsRecordType.AAAA,
                Provider = provider.Name,
                Port = 443,
                Sources = [new SourceOptions { Name = "wan1", Interface = "adh-none0" }],
            },
            provider,
            discovery,
            new TcpProbe(new FakeTcpConnector(), _time),
            new TestMetrics().Metrics,
            _time,
            new FakeLogger(),
            dryRun: false);
    }
}
