// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Controller;

/// <summary>Refusals that will not go away by themselves: the record set is blocked and says so once, instead of
/// retrying at the probe cadence; a locked record is pinned; a CNAME is told, or adopted when allowed.</summary>
public sealed class TargetControllerRefusalTests
{
    private const string Name = "home.example.com";
    private static readonly TimeSpan s_resync = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeTcpConnector _connector = new();
    private readonly FakeDnsProvider _provider = new();
    private readonly TestMetrics _metrics = new();
    private readonly FakeLogger _logger = new();
    private readonly EventJournal _events;

    public TargetControllerRefusalTests() => _events = new EventJournal(_time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refusal_BlocksTheChange_TellsItOnce_AndWaitsForTheResyncOrAnotherSet()
    {
        var target = await UpAsync();
        _provider.ApplyFailure = new DnsProviderException("DomainRecordLocked", "DeleteDomainRecord: DomainRecordLocked: The domain record has been locked.", hint: "Unlock it.") { IsRefusal = true };
        _connector.Fail(Ep("192.0.2.2"));
        Assert.Equal(ReconcileResult.Blocked, await PassesUntilWriteAsync(target));
        var applies = _provider.Applies;

        for (var i = 0; i < 30; i++)
        {
            await PassAsync(target, TimeSpan.FromSeconds(5));
        }

        Assert.Equal(applies, _provider.Applies); // no storm: 30 passes, no write
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_target_blocked{{target=\"{Name}\",line=\"default\",reason=\"DomainRecordLocked\"}}"));
        Assert.Equal(31, await _metrics.ValueAsync($"aliddnsha_reconciles_total{{target=\"{Name}\",line=\"default\",result=\"blocked\"}}")); // the refused pass and the 30 after it
        var blocked = target.GetStatus().Blocked!;
        Assert.Equal(("DomainRecordLocked", "Unlock it."), (blocked.Code, blocked.Hint));
        Assert.Single(_events.Since(0, 100), e => e.Kind == ControllerEventKinds.Blocked);
        Assert.True(target.ProviderFailing); // /readyz Degraded

        // The next resync tries once more (and is refused once more, silently).
        _time.Advance(s_resync);
        await target.ReconcileIfDueAsync(Ct);
        Assert.Equal(applies + 1, _provider.Applies);
        Assert.Single(_events.Since(0, 100), e => e.Kind == ControllerEventKinds.Blocked);

        // wan2 comes back: the set wanted is the one published, so nothing is refused any more.
        _provider.ApplyFailure = null;
        _connector.Succeed(Ep("192.0.2.2"));
        await PassesUntilAsync(target, () => target.GetStatus().Blocked is null);
        Assert.Single(_events.Since(0, 100), e => e.Kind == ControllerEventKinds.Unblocked);
        Assert.DoesNotContain("reason=\"DomainRecordLocked\"", await _metrics.ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_ThenAnotherSetWanted_IsTriedAtOnce()
    {
        var target = await UpAsync(sources: 3);
        _provider.ApplyFailure = new DnsProviderException("QuotaExceeded.Record", "quota", isConfigurationError: true);
        _connector.Fail(Ep("192.0.2.2"));
        Assert.Equal(ReconcileResult.Blocked, await PassesUntilWriteAsync(target));
        var applies = _provider.Applies;

        _provider.ApplyFailure = null;
        _connector.Fail(Ep("192.0.2.3")); // the set wanted changes: the new change is sent
        await PassesUntilAsync(target, () => _provider.Addresses(Name).SequenceEqual(["192.0.2.1"]));

        Assert.True(_provider.Applies > applies);
        Assert.Null(target.GetStatus().Blocked);
    }

    [Fact]
    public async Task LockedRecord_WithADeadAddress_IsPinned_AndTheRestFollowsHealth()
    {
        _provider.SeedRecord(Name, new DnsRecord("locked1", IPAddress.Parse("192.0.2.2"), 600, Locked: true));
        var target = await UpAsync(sources: 3);
        var deletes = _provider.Applied.Count(c => c.Kind == RecordChangeKind.Delete);
        _connector.Fail(Ep("192.0.2.2"));
        _connector.Fail(Ep("192.0.2.3"));

        await PassesUntilAsync(target, () => _provider.Addresses(Name).SequenceEqual(["192.0.2.1", "192.0.2.2"]));

        Assert.DoesNotContain(_provider.Applied.Skip(deletes), c => c.Address.Equals(IPAddress.Parse("192.0.2.2")) && c.Kind != RecordChangeKind.Add);
        Assert.Equal(["192.0.2.2"], target.GetStatus().CannotWithdraw);
        Assert.Equal(["192.0.2.2"], target.GetStatus().Lines![0].Locked);
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_locked_pinned_addresses{{target=\"{Name}\",line=\"default\"}}"));
        Assert.Equal([("default", "192.0.2.2")], target.CannotWithdraw);
    }

    [Fact]
    public async Task Cname_WithoutAdoptCname_IsToldOnce_NamingIt()
    {
        var target = await UpAsync(sources: 1);
        _provider.Seed(Name); // someone went back to the old setup: the A records gone, a CNAME in their place
        _provider.SeedCname(Name, "dns1.example.com");
        _time.Advance(s_resync);

        Assert.Equal(ReconcileResult.Blocked, await target.ReconcileIfDueAsync(Ct));
        for (var i = 0; i < 20; i++)
        {
            await PassAsync(target, TimeSpan.FromSeconds(5));
        }

        Assert.Equal(
            "home.example.com has CNAME dns1.example.com on line default — the CNAME setup this tool replaces: delete it, or set AdoptCname: true",
            target.GetStatus().Blocked!.Message);
        Assert.Single(_events.Since(0, 100), e => e.Kind == ControllerEventKinds.Blocked);
        Assert.Equal("dns1.example.com", _provider.Cname(Name));
    }

    [Fact]
    public async Task Cname_WithAdoptCname_IsReplacedOnceTheSetIsKnown_DeleteThenAdds()
    {
        _provider.SeedCname(Name, "dns1.example.com");
        var target = Create(sources: 2, adoptCname: true);
        await target.DiscoverOnceAsync(Ct);
        await target.ProbeAllOnceAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct)); // one success each: not yet known
        Assert.Equal("dns1.example.com", _provider.Cname(Name));

        await target.ProbeAllOnceAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));

        Assert.Null(_provider.Cname(Name));
        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name));
        Assert.Equal(["home.example.com: - CNAME dns1.example.com; + 192.0.2.1 (ttl 600); + 192.0.2.2 (ttl 600)"], _provider.Adoptions);
        var adopted = Assert.Single(_events.Since(0, 100), e => e.Kind == ControllerEventKinds.CnameAdopted);
        Assert.Contains("the CNAME to dns1.example.com was replaced by 2 healthy address(es)", adopted.Message, StringComparison.Ordinal);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "CnameAdopted");
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
    }

    private async Task<TargetController> UpAsync(int sources = 2)
    {
        var target = Create(sources, adoptCname: false);
        await target.DiscoverOnceAsync(Ct);
        for (var i = 0; i < 2; i++)
        {
            await target.ProbeAllOnceAsync(Ct);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));
        return target;
    }

    private TargetController Create(int sources, bool adoptCname) => new(
        new TargetOptions
        {
            Name = Name,
            Zone = "example.com",
            Provider = _provider.Name,
            Port = 443,
            AdoptCname = adoptCname,
            ResyncInterval = s_resync,
            Sources = [.. Enumerable.Range(1, sources).Select(i => new SourceOptions { Name = $"wan{i}", Addresses = [IPAddress.Parse($"192.0.2.{i}")] })],
        },
        _provider,
        new SourceDiscovery(new FakeHostnameResolver()),
        [new AliDdnsHa.Health.VantageMonitor(VantageOptions.ImplicitLocal(), new LocalVantage(VantageOptions.ImplicitLocalName, new TcpProbe(_connector, _time)), new ProbeOptions(), _metrics.Metrics, _time, _logger)],
        _metrics.Metrics,
        _time,
        _logger,
        dryRun: false,
        _events);

    /// <summary>One probe round and one wake-up of the loop, <paramref name="step"/> later.</summary>
    private async Task<ReconcileResult?> PassAsync(TargetController target, TimeSpan step)
    {
        await target.ProbeAllOnceAsync(Ct);
        _time.Advance(step);
        return await target.ReconcileIfDueAsync(Ct);
    }

    /// <summary>Passes until one writes (the provider was asked to apply); returns its result.</summary>
    private async Task<ReconcileResult?> PassesUntilWriteAsync(TargetController target)
    {
        var applies = _provider.Applies;
        for (var i = 0; i < 10; i++)
        {
            var result = await PassAsync(target, TimeSpan.FromSeconds(1));
            if (_provider.Applies > applies)
            {
                return result;
            }
        }

        Assert.Fail("no write in 10 passes");
        return null;
    }

    private async Task PassesUntilAsync(TargetController target, Func<bool> condition)
    {
        for (var i = 0; i < 10 && !condition(); i++)
        {
            await PassAsync(target, TimeSpan.FromSeconds(1));
        }

        Assert.True(condition(), "not reached in 10 passes");
    }

    private static IPEndPoint Ep(string address) => new(IPAddress.Parse(address), 443);
}
