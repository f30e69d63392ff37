// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Discovery;
using AliDdnsHa.Health;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Controller;

/// <summary>A target with ISP lines (解析线路): each line holds its own healthy sources, falls back to the default line's
/// set or is withdrawn when none is healthy, and is never empty on the way.</summary>
public sealed class TargetControllerLineTests
{
    private const string Name = "home.example.com";
    private const string Ct = "192.0.2.1";
    private const string Cu = "192.0.2.2";
    private const string Cm = "192.0.2.3";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeVantage _home = new("home");
    private readonly FakeVantage _mobileVps = new("mobile-vps");
    private readonly FakeDnsProvider _provider = new();
    private readonly TestMetrics _metrics = new();
    private readonly FakeLogger _logger = new();
    private readonly EventJournal _events;
    private readonly Dictionary<string, List<IReadOnlyList<IPAddress>>> _states = [];

    public TargetControllerLineTests()
    {
        _events = new EventJournal(_time);
        _provider.OnLineChange = (name, line, set) =>
        {
            lock (_states)
            {
                (_states.TryGetValue(line, out var list) ? list : _states[line] = []).Add(set);
            }
        };
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lines_Converge_EachToItsOwnSources()
    {
        await UpAsync();

        Assert.Equal([Ct, Cu, Cm], _provider.Addresses(Name));
        Assert.Equal([Ct], _provider.Addresses(Name, "telecom"));
        Assert.Equal([Cu], _provider.Addresses(Name, "unicom"));
        Assert.Equal([Ct, Cu], _provider.Addresses(Name, "edu"));
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_published_records{{target=\"{Name}\",line=\"telecom\"}}"));
        Assert.Equal(3, await _metrics.ValueAsync($"aliddnsha_published_records{{target=\"{Name}\",line=\"default\"}}"));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_line_fallback{{target=\"{Name}\",line=\"telecom\"}}"));
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_line_info{{target=\"{Name}\",line=\"edu\",sources=\"ct,cu\",when_line_down=\"Default\"}}"));
    }

    [Fact]
    public async Task OwnSourceDown_LineGetsTheDefaultSet_NeverEmpty_OtherLinesUntouched_AndBack()
    {
        var target = await UpAsync();
        var unicomWrites = _provider.Applied.Count;
        _home.Fail($"{Ct}:443");

        await RoundsAsync(target, 3);

        Assert.Equal([Cu, Cm], _provider.Addresses(Name));
        Assert.Equal([Cu, Cm], _provider.Addresses(Name, "telecom")); // the default line's set: ct is down
        Assert.Equal([Cu], _provider.Addresses(Name, "unicom"));
        Assert.Equal([Cu], _provider.Addresses(Name, "edu")); // edu still has a source of its own
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_line_fallback{{target=\"{Name}\",line=\"telecom\"}}"));
        var telecom = target.GetStatus().Lines!.Single(l => l.Line == "telecom");
        Assert.True(telecom.Fallback);
        Assert.Equal("Fallback", telecom.Mode);
        Assert.Equal([Cu, Cm], telecom.Published);
        Assert.Contains(_events.Since(0, 100), e => e.Line == "telecom" && e.Message.StartsWith("telecom users now get 2 address(es) of the default line: ct is down", StringComparison.Ordinal));

        _home.Succeed($"{Ct}:443");
        await RoundsAsync(target, 3);

        Assert.Equal([Ct], _provider.Addresses(Name, "telecom"));
        Assert.Equal([Ct, Cu], _provider.Addresses(Name, "edu"));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_line_fallback{{target=\"{Name}\",line=\"telecom\"}}"));
        Assert.Contains(_events.Since(0, 100), e => e.Line == "telecom" && e.Message.StartsWith("telecom users get their own line again", StringComparison.Ordinal));
        AssertNeverEmpty("default", "telecom", "unicom", "edu");
        Assert.Empty(_states["unicom"].Skip(1)); // unicom was written once, at start-up
        Assert.True(_provider.Applied.Count > unicomWrites);
    }

    [Fact]
    public async Task WhenLineDownWithdraw_EmptiesTheLine_AndRefillsIt()
    {
        var target = await UpAsync(LineDownPolicy.Withdraw);
        _home.Fail($"{Cu}:443");

        await RoundsAsync(target, 3);

        Assert.Empty(_provider.Addresses(Name, "unicom"));
        Assert.Equal([Ct], _provider.Addresses(Name, "edu"));
        Assert.Equal("Withdrawn", target.GetStatus().Lines!.Single(l => l.Line == "unicom").Mode);

        _home.Succeed($"{Cu}:443");
        await RoundsAsync(target, 3);

        Assert.Equal([Cu], _provider.Addresses(Name, "unicom"));
    }

    [Fact]
    public async Task EveryVantageBlind_ChangesNoLine()
    {
        var target = await UpAsync();
        var writes = _provider.Applied.Count;
        _home.Fault = new VantageFault(VantageFault.Unreachable, "home: cannot probe");

        await RoundsAsync(target, 4);

        Assert.True(target.Frozen);
        Assert.Equal(writes, _provider.Applied.Count);
        Assert.Equal([Ct], _provider.Addresses(Name, "telecom"));
        Assert.All(target.GetStatus().Lines!, l => Assert.Equal("Frozen", l.Mode));
    }

    [Fact]
    public async Task EveryEndpointDown_DefaultPublishesAll_AndLinesFollowIt()
    {
        var target = await UpAsync();
        foreach (var address in new[] { Ct, Cu, Cm })
        {
            _home.Fail($"{address}:443");
        }

        await RoundsAsync(target, 3);

        Assert.True(target.GetStatus().AllDown);
        Assert.Equal([Ct, Cu, Cm], _provider.Addresses(Name));
        Assert.Equal([Cu, Cm], _provider.Addresses(Name, "telecom")); // the default set without telecom's own dead ct
        Assert.Equal([Cm], _provider.Addresses(Name, "edu"));
        AssertNeverEmpty("default", "telecom", "unicom", "edu");
    }

    [Fact]
    public async Task LineVantage_SeesItsSourceDead_WithdrawsItFromThatLineOnly()
    {
        var target = await UpAsync(mobileVantage: true);
        Assert.Equal([Cm], _provider.Addresses(Name, "mobile"));
        _mobileVps.Fail($"{Cm}:443"); // the line's own vantage, inside the mobile network, cannot reach cm

        await RoundsAsync(target, 3);

        Assert.Equal([Ct, Cu, Cm], _provider.Addresses(Name)); // home still sees cm: the default line keeps it
        Assert.Equal([Ct, Cu], _provider.Addresses(Name, "mobile")); // the default set, without what mobile sees dead
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_endpoint_up{{target=\"{Name}\",source=\"cm\",address=\"{Cm}\"}}"));
        Assert.Equal(["home", "mobile-vps"], target.GetStatus().Sources[2].Endpoints.Single().Vantages.Select(v => v.Vantage));
        Assert.Equal(["home"], target.GetStatus().Sources[0].Endpoints.Single().Vantages.Select(v => v.Vantage)); // ct is not asked of mobile-vps
        Assert.Contains(_events.Since(0, 100), e => e.Line == "mobile" && e.Kind == ControllerEventKinds.EndpointDown);

        _mobileVps.Succeed($"{Cm}:443");
        await RoundsAsync(target, 3);

        Assert.Equal([Cm], _provider.Addresses(Name, "mobile"));
        AssertNeverEmpty("mobile");
    }

    private async Task<TargetController> UpAsync(LineDownPolicy whenLineDown = LineDownPolicy.Default, bool mobileVantage = false)
    {
        var options = new TargetOptions
        {
            Name = Name,
            Zone = "example.com",
            Provider = _provider.Name,
            Port = 443,
            WhenLineDown = whenLineDown,
            Sources =
            [
                new SourceOptions { Name = "ct", Addresses = [IPAddress.Parse(Ct)] },
                new SourceOptions { Name = "cu", Addresses = [IPAddress.Parse(Cu)] },
                new SourceOptions { Name = "cm", Addresses = [IPAddress.Parse(Cm)] },
            ],
            Lines =
            [
                new LineOptions { Code = "edu", Sources = ["ct", "cu"] },
                new LineOptions { Code = "telecom", Sources = ["ct"] },
                new LineOptions { Code = "unicom", Sources = ["cu"] },
            ],
        };
        var home = new VantageMonitor(new VantageOptions { Name = "home", Type = VantageType.Local }, _home, options.Probe, _metrics.Metrics, _time, _logger);
        var lineVantages = new Dictionary<string, IReadOnlyList<VantageMonitor>>();
        if (mobileVantage)
        {
            options.Lines.Add(new LineOptions { Code = "mobile", Sources = ["cm"], Vantages = ["mobile-vps"] });
            lineVantages["mobile"] = [new VantageMonitor(new VantageOptions { Name = "mobile-vps", Type = VantageType.Blackbox, Url = new Uri("http://192.0.2.80:9115") }, _mobileVps, options.Probe, _metrics.Metrics, _time, _logger)];
        }

        var target = new TargetController(
            options, _provider, new SourceDiscovery(new FakeHostnameResolver()), [home], _metrics.Metrics, _time, _logger, dryRun: false, _events, lineVantages: lineVantages);
        await target.DiscoverOnceAsync(Token);
        await RoundsAsync(target, 2);
        return target;
    }

    private async Task RoundsAsync(TargetController target, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await target.ProbeAllOnceAsync(Token);
            _time.Advance(TimeSpan.FromSeconds(1));
            await target.ReconcileOnceAsync(Token);
        }
    }

    /// <summary>Every state each line passed through held at least one address.</summary>
    private void AssertNeverEmpty(params string[] lines)
    {
        lock (_states)
        {
            foreach (var line in lines)
            {
                Assert.All(_states[line], s => Assert.True(s.Count > 0, $"line {line} was empty on the way"));
            }
        }
    }
}
