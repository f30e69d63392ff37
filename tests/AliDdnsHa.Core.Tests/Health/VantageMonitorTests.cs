// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Health;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Health;

public sealed class VantageMonitorTests
{
    private static readonly VantageFault s_refused = new(VantageFault.Unreachable, "http://vps:9115/: cannot connect");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeVantage _vantage = new("vps");
    private readonly TestMetrics _metrics = new();
    private readonly FakeLogger _logger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Canaries_AllConfirmedDown_MakeTheVantageBlind_ThenItVotesAgain()
    {
        var monitor = Create("223.5.5.5:53", "119.29.29.29:53");
        var changes = 0;
        monitor.ConditionChanged += _ => changes++;
        _vantage.Fail("223.5.5.5:53");
        _vantage.Fail("119.29.29.29:53");

        await monitor.ProbeCanariesOnceAsync(Ct);
        Assert.Equal(VantageCondition.Doubtful, monitor.Condition); // first failure: its Down votes are doubted at once
        await monitor.ProbeCanariesOnceAsync(Ct);
        await monitor.ProbeCanariesOnceAsync(Ct);
        Assert.Equal(VantageCondition.Blind, monitor.Condition); // FailureThreshold 3
        Assert.Equal(0, await _metrics.ValueAsync("aliddnsha_vantage_up{vantage=\"vps\"}"));
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "VantageBlind");

        await monitor.ProbeCanariesOnceAsync(Ct); // still blind: not logged again
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "VantageBlind");

        _vantage.Succeed("223.5.5.5:53");
        await monitor.ProbeCanariesOnceAsync(Ct);
        Assert.Equal(VantageCondition.Blind, monitor.Condition); // recovery is confirmed like any other (SuccessThreshold 2)
        await monitor.ProbeCanariesOnceAsync(Ct);
        Assert.Equal(VantageCondition.Voting, monitor.Condition); // one canary Up again is enough
        Assert.Equal(1, await _metrics.ValueAsync("aliddnsha_vantage_up{vantage=\"vps\"}"));
        Assert.Equal(3, changes);
        Assert.Equal("Voting", monitor.GetStatus().Condition);
    }

    [Fact]
    public async Task OneCanaryFailing_KeepsTheVantageVoting()
    {
        var monitor = Create("223.5.5.5:53", "119.29.29.29:53");
        _vantage.Fail("223.5.5.5:53");

        for (var i = 0; i < 5; i++)
        {
            await monitor.ProbeCanariesOnceAsync(Ct);
        }

        Assert.Equal(VantageCondition.Voting, monitor.Condition);
        Assert.Equal(0, await _metrics.ValueAsync("aliddnsha_vantage_canary_up{vantage=\"vps\",canary=\"223.5.5.5:53\"}"));
        Assert.Equal(1, await _metrics.ValueAsync("aliddnsha_vantage_canary_up{vantage=\"vps\",canary=\"119.29.29.29:53\"}"));
    }

    [Fact]
    public async Task Faults_AreTheVantagesFailures_AndBlindItOnceConfirmed()
    {
        var monitor = Create();
        _vantage.Fault = s_refused;
        var request = new VantageProbeRequest(new(System.Net.IPAddress.Loopback, 443), "t", "wan1");

        monitor.Report(await _vantage.ProbeAsync(request, TimeSpan.FromSeconds(1), Ct));
        Assert.Equal(VantageCondition.Doubtful, monitor.Condition);
        monitor.Report(await _vantage.ProbeAsync(request, TimeSpan.FromSeconds(1), Ct));
        monitor.Report(await _vantage.ProbeAsync(request, TimeSpan.FromSeconds(1), Ct));
        Assert.Equal(VantageCondition.Blind, monitor.Condition);
        Assert.Contains("cannot connect", monitor.GetStatus().Reason, StringComparison.Ordinal);
        Assert.Equal(3, await _metrics.ValueAsync("aliddnsha_vantage_requests_total{vantage=\"vps\",result=\"unreachable\"}"));

        _vantage.Fault = null;
        monitor.Report(await _vantage.ProbeAsync(request, TimeSpan.FromSeconds(1), Ct));
        Assert.Equal(VantageCondition.Voting, monitor.Condition); // the first answer restores it
        Assert.Equal(1, await _metrics.ValueAsync("aliddnsha_vantage_requests_total{vantage=\"vps\",result=\"ok\"}"));
    }

    [Fact]
    public async Task RunAsync_ProbesCanariesEveryInterval_AndAtOnceWhenAnEndpointFails()
    {
        var monitor = Create("223.5.5.5:53");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = monitor.RunAsync(cts.Token);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1)); // FastInterval: the canary is still on probation
        await WaitForRequestsAsync(2); // now Up: the next round comes after Interval (5 s)
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _vantage.Requests);

        monitor.Report(new VantageProbeResult(new ProbeResult(ProbeOutcome.Failed, TimeSpan.Zero))); // an endpoint failed
        await WaitForRequestsAsync(3); // a canary round at once, not 4 s later

        await cts.CancelAsync();
        await loop;
    }

    private async Task WaitForRequestsAsync(int count)
    {
        for (var spins = 0; _vantage.Requests < count; spins++)
        {
            Assert.True(spins < 1_000_000, $"only {_vantage.Requests} of {count} requests");
            await Task.Yield();
        }
    }

    private VantageMonitor Create(params string[] canaries) =>
        new(new VantageOptions { Name = "vps", Type = VantageType.Blackbox, Canaries = [.. canaries] }, _vantage, new ProbeOptions(), _metrics.Metrics, _time, _logger);
}
