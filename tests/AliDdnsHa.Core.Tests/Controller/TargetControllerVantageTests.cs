// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Discovery;
using AliDdnsHa.Health;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Controller;

/// <summary>A target judged by several vantages: quorum, doubt, blindness and freeze, end to end through the planner.</summary>
public sealed class TargetControllerVantageTests
{
    private const string Name = "home.example.com";
    private static readonly string[] s_all = ["192.0.2.1", "192.0.2.2", "192.0.2.3"];
    private static readonly VantageFault s_unreachable = new(VantageFault.Unreachable, "http://vps:9115/: cannot connect");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeVantage _home = new("home");
    private readonly FakeVantage _vps = new("vps");
    private readonly FakeDnsProvider _provider = new();
    private readonly TestMetrics _metrics = new();
    private readonly FakeLogger _logger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HairpinCase_AnAddressOnlyTheHomeVantageReaches_IsWithdrawn()
    {
        var (target, _) = await UpAsync();
        _vps.Fail("192.0.2.2:443"); // reachable from inside (hairpin NAT), dead from outside

        await RoundsAsync(target, 3);

        Assert.Equal(["192.0.2.1", "192.0.2.3"], _provider.Addresses(Name));
        Assert.Equal(1, await _metrics.ValueAsync(Series("aliddnsha_vantage_endpoint_up", "192.0.2.2", "home")));
        Assert.Equal(0, await _metrics.ValueAsync(Series("aliddnsha_vantage_endpoint_up", "192.0.2.2", "vps")));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_endpoint_up{{target=\"{Name}\",source=\"wan2\",address=\"192.0.2.2\"}}"));
        Assert.Equal(3, await _metrics.ValueAsync(Series("aliddnsha_probes_total", "192.0.2.2", "vps", "failed")));
        var endpoint = target.GetStatus().Sources[1].Endpoints.Single();
        Assert.Equal("Down", endpoint.State);
        Assert.Equal(["Up", "Down"], endpoint.Vantages.Select(v => v.Vote));
    }

    [Fact]
    public async Task Quorum1_KeepsAnAddressAnyVantageSeesUp()
    {
        var (target, _) = await UpAsync(quorum: 1);
        _vps.Fail("192.0.2.2:443");

        await RoundsAsync(target, 3);

        Assert.Equal(s_all, _provider.Addresses(Name));
    }

    [Fact]
    public async Task AnUnreachableVantage_IsBlind_NeverADownEndpoint_AndTheOtherDecidesAlone()
    {
        var (target, monitors) = await UpAsync();
        _vps.Fault = s_unreachable;
        _home.Fail("192.0.2.3:443");

        await RoundsAsync(target, 3);

        Assert.Equal(VantageCondition.Blind, monitors[1].Condition);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name)); // home alone votes, and it sees .3 down
        Assert.Equal(0, await _metrics.ValueAsync(Series("aliddnsha_probes_total", "192.0.2.1", "vps", "error")) ?? 0);
        Assert.Equal(0, await _metrics.ValueAsync("aliddnsha_vantage_up{vantage=\"vps\"}"));
        Assert.False(target.Frozen);
        var fault = target.GetStatus().Sources[0].Endpoints.Single().Vantages[1];
        Assert.Equal(("Blind", "http://vps:9115/: cannot connect"), (fault.Vote, fault.LastFault));
    }

    [Fact]
    public async Task EveryVantageBlind_FreezesTheTarget_NothingIsWritten_AndWhenAllDownDoesNotApply()
    {
        var (target, _) = await UpAsync(policy: WhenAllDownPolicy.Empty);
        var applies = _provider.Applies;
        _vps.Fault = s_unreachable;
        _home.Fault = new VantageFault(VantageFault.Unreachable, "source address gone");

        await RoundsAsync(target, 5);

        Assert.True(target.Frozen);
        Assert.Equal(applies, _provider.Applies);
        Assert.Equal(s_all, _provider.Addresses(Name));
        Assert.Equal("Frozen", target.GetStatus().Mode);
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_target_frozen{{target=\"{Name}\"}}"));
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "TargetFrozen");
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Name == "EndpointDown");

        // They come back, and one line is really gone meanwhile: normal work resumes.
        _vps.Fault = null;
        _home.Fault = null;
        _home.Fail("192.0.2.1:443");
        _vps.Fail("192.0.2.1:443");
        await RoundsAsync(target, 3);

        Assert.False(target.Frozen);
        Assert.Equal(["192.0.2.2", "192.0.2.3"], _provider.Addresses(Name));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_target_frozen{{target=\"{Name}\"}}"));
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "TargetThawed");
    }

    [Fact]
    public async Task CanariesFailingWithTheEndpoints_DoubtTheDownVotes_SoNothingIsRemovedWhileTheVantageGoesBlind()
    {
        // The vps's own uplink dies: its canary and every endpoint fail together.
        var (target, monitors) = await UpAsync(canary: "223.5.5.5:53");
        foreach (var address in s_all)
        {
            _vps.Fail($"{address}:443");
        }

        _vps.Fail("223.5.5.5:53");

        for (var round = 0; round < 4; round++)
        {
            await monitors[1].ProbeCanariesOnceAsync(Ct);
            await RoundsAsync(target, 1);
            Assert.Equal(s_all, _provider.Addresses(Name)); // never a Down verdict from a doubted vantage
        }

        Assert.Equal(VantageCondition.Blind, monitors[1].Condition);
        Assert.Equal(s_all, _provider.Addresses(Name));
    }

    /// <summary>Two vantages (home, vps), three static sources, all Up and published.</summary>
    private async Task<(TargetController Target, VantageMonitor[] Monitors)> UpAsync(
        WhenAllDownPolicy policy = WhenAllDownPolicy.PublishAll, int? quorum = null, string? canary = null)
    {
        var options = new TargetOptions
        {
            Name = Name,
            Zone = "example.com",
            Provider = _provider.Name,
            Port = 443,
            WhenAllDown = policy,
            Quorum = quorum,
            Sources = [.. s_all.Select((a, i) => new SourceOptions { Name = $"wan{i + 1}", Addresses = [IPAddress.Parse(a)] })],
        };
        VantageMonitor[] monitors =
        [
            new(new VantageOptions { Name = "home", Type = VantageType.Local }, _home, options.Probe, _metrics.Metrics, _time, _logger),
            new(new VantageOptions { Name = "vps", Type = VantageType.Blackbox, Canaries = canary is null ? [] : [canary] }, _vps, options.Probe, _metrics.Metrics, _time, _logger),
        ];
        var target = new TargetController(options, _provider, new SourceDiscovery(new FakeHostnameResolver()), monitors, _metrics.Metrics, _time, _logger, dryRun: false);
        await target.DiscoverOnceAsync(Ct);
        await RoundsAsync(target, 2);
        Assert.Equal(s_all, _provider.Addresses(Name));
        return (target, monitors);
    }

    private async Task RoundsAsync(TargetController target, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await target.ProbeAllOnceAsync(Ct);
            _time.Advance(TimeSpan.FromSeconds(1));
            await target.ReconcileOnceAsync(Ct);
        }
    }

    private static string Series(string metric, string address, string vantage, string? result = null) =>
        $"{metric}{{target=\"{Name}\",source=\"wan{address[^1]}\",address=\"{address}\",vantage=\"{vantage}\"{(result is null ? "" : $",result=\"{result}\"")}}}";
}
