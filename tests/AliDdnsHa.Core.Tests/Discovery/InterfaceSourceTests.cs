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

/// <summary>Interface sources read a veth interface the test creates (its peer in a namespace of its own), never the
/// machine's real interfaces.</summary>
public sealed class InterfaceSourceTests : IAsyncLifetime
{
    private VethInterface _veth = null!;
    private SourceDiscovery? _discovery;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _veth = await VethInterface.CreateAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        _discovery?.Dispose();
        await _veth.DisposeAsync();
    }

    [Fact]
    public async Task Read_GivesOnlyStableGlobalAddressesOfTheFamily()
    {
        await _veth.AddAsync("192.0.2.77/24");
        await _veth.AddAsync("2001:db8:5::1/64", "mngtmpaddr"); // the kernel derives a temporary address from it
        await _veth.AddAsync("2001:db8:6::1/64", "preferred_lft", "0"); // deprecated
        await _veth.AddAsync("fd00:5::1/64"); // unique-local
        await WaitForTemporaryAddressAsync();
        var reader = new SystemInterfaceAddressReader();

        var v4 = reader.Read(_veth.Name, DnsRecordType.A);
        var v6 = reader.Read(_veth.Name, DnsRecordType.AAAA);

        Assert.Equal(["192.0.2.77"], v4.Addresses.Select(a => a.ToString()));
        Assert.Equal(["2001:db8:5::1"], v6.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task Read_OnlySkippedAddresses_FailsAndListsThem()
    {
        await _veth.AddAsync("2001:db8:6::1/64", "preferred_lft", "0");

        var result = new SystemInterfaceAddressReader().Read(_veth.Name, DnsRecordType.AAAA);

        Assert.False(result.IsSuccess);
        Assert.Contains($"interface '{_veth.Name}' has no global IPv6 address (skipped: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("2001:db8:6::1 deprecated", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_Ipv4AddressChange_IsReadAtOnceOnDotNetsNotification()
    {
        await _veth.AddAsync("192.0.2.71/24");
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch); // DiscoveryInterval never elapses on its own
        using var target = Controller(DnsRecordType.A, time);
        var moved = Moved(target, "198.51.100.72");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = target.RunAsync(stop.Token);
        Assert.Equal(["192.0.2.71"], target.GetStatus().Sources[0].Addresses);

        await _veth.AddAsync("198.51.100.72/24"); // another subnet: deleting a primary address takes its secondaries along
        await _veth.RemoveAsync("192.0.2.71/24");
        await moved.WaitAsync(Ct);

        await stop.CancelAsync();
        await run;
        Assert.Equal(DateTimeOffset.UnixEpoch, time.GetUtcNow());
    }

    [Fact]
    public async Task Controller_Ipv6AddressChange_IsReadWithinThePollPeriodNotTheDiscoveryInterval()
    {
        await _veth.AddAsync("2001:db8:7::1/64");
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var target = Controller(DnsRecordType.AAAA, time);
        var moved = Moved(target, "2001:db8:8::1");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = target.RunAsync(stop.Token);
        Assert.Equal(["2001:db8:7::1"], target.GetStatus().Sources[0].Addresses);

        await _veth.AddAsync("2001:db8:8::1/64");
        await _veth.RemoveAsync("2001:db8:7::1/64");
        time.Advance(Ipv6AddressWatcher.Period); // the DiscoveryInterval (30 s) is far off
        await moved.WaitAsync(Ct);

        await stop.CancelAsync();
        await run;
    }

    private static Task Moved(TargetController target, string address)
    {
        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        target.Reconciled += t =>
        {
            if (t.GetStatus().Sources[0].Addresses.SequenceEqual([address]))
            {
                moved.TrySetResult();
            }
        };
        return moved.Task;
    }

    private TargetController Controller(DnsRecordType type, FakeTimeProvider time)
    {
        var provider = new FakeDnsProvider();
        return new TargetController(
            new TargetOptions
            {
                Name = "home.example.com",
                RecordType = type,
                Provider = provider.Name,
                Port = 443,
                Sources = [new SourceOptions { Name = "wan1", Interface = _veth.Name }],
            },
            provider,
            _discovery = new SourceDiscovery(new FakeHostnameResolver(), time),
            new TcpProbe(new FakeTcpConnector(), time),
            new TestMetrics().Metrics,
            time,
            new FakeLogger(),
            dryRun: false);
    }

    private async Task WaitForTemporaryAddressAsync()
    {
        // The kernel adds the temporary address on its own schedule; wait for its state, not for a time.
        while (!(await _veth.ShowIpv6Async()).Contains("temporary", StringComparison.Ordinal))
        {
            await Task.Yield();
            Ct.ThrowIfCancellationRequested();
        }
    }
}
