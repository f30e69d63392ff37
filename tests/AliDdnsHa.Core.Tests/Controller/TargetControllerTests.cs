// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Controller;

public sealed class TargetControllerTests
{
    private const string Name = "home.example.com";
    private static readonly TimeSpan s_fast = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeTcpConnector _connector = new();
    private readonly FakeHostnameResolver _resolver = new();
    private readonly FakeDnsProvider _provider = new();
    private readonly TestMetrics _metrics = new();
    private readonly FakeLogger _logger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconcile_BeforeFirstProbeRound_IsSkippedAndTouchesNothing()
    {
        var target = Create(Static("wan1", "192.0.2.1"));
        await target.DiscoverOnceAsync(Ct);

        Assert.Equal(ReconcileResult.Skipped, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(0, _provider.Reads);
    }

    [Fact]
    public async Task Reconcile_HealthyEndpoints_ArePublishedOnceUp()
    {
        var target = Create(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"), Static("wan3", "192.0.2.3"));
        _connector.Fail(Ep("192.0.2.3"));
        await target.DiscoverOnceAsync(Ct);

        await ProbeRoundAsync(target);
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct)); // one success each: still Unknown
        Assert.Empty(_provider.Addresses(Name));

        await ProbeRoundAsync(target);
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));

        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name));
        Assert.Equal(2, await _metrics.ValueAsync($"aliddnsha_record_changes_total{{target=\"{Name}\",line=\"default\",action=\"add\"}}"));
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_endpoint_published{{target=\"{Name}\",line=\"default\",source=\"wan1\",address=\"192.0.2.1\"}}"));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_endpoint_published{{target=\"{Name}\",line=\"default\",source=\"wan3\",address=\"192.0.2.3\"}}"));
        Assert.Equal(2, await _metrics.ValueAsync($"aliddnsha_published_records{{target=\"{Name}\",line=\"default\"}}"));
        Assert.Equal(2, await _metrics.ValueAsync($"aliddnsha_healthy_endpoints{{target=\"{Name}\"}}"));
        Assert.Equal(3, await _metrics.ValueAsync($"aliddnsha_configured_endpoints{{target=\"{Name}\"}}"));
    }

    [Fact]
    public async Task Reconcile_SteadyState_MakesNoProviderCallsUntilResync()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        var (reads, applies) = (_provider.Reads, _provider.Applies);

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await ProbeRoundAsync(target);
            Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
        }

        Assert.Equal((reads, applies), (_provider.Reads, _provider.Applies));

        _time.Advance(OptionDefaults.ResyncInterval);
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
        Assert.Equal((reads + 1, applies), (_provider.Reads, _provider.Applies));
        Assert.Equal(11, await _metrics.ValueAsync($"aliddnsha_reconciles_total{{target=\"{Name}\",line=\"default\",result=\"noop\"}}"));
    }

    [Fact]
    public async Task Reconcile_TimerPassAfterANoop_IsCountedWithoutPlanningUntilAResyncIsDue()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        Assert.False(target.TryRepeatNoop()); // the last pass wrote: the next one must look again
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
        var (reads, applies) = (_provider.Reads, _provider.Applies);
        var noops = await _metrics.ValueAsync($"aliddnsha_reconciles_total{{target=\"{Name}\",line=\"default\",result=\"noop\"}}");

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(target.TryRepeatNoop());
        Assert.True(target.TryRepeatNoop());

        Assert.Equal((reads, applies), (_provider.Reads, _provider.Applies));
        Assert.Equal(noops + 2, await _metrics.ValueAsync($"aliddnsha_reconciles_total{{target=\"{Name}\",line=\"default\",result=\"noop\"}}"));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), await _metrics.ValueAsync($"aliddnsha_last_sync_success_timestamp_seconds{{target=\"{Name}\",line=\"default\"}}"));

        _time.Advance(OptionDefaults.ResyncInterval);
        Assert.False(target.TryRepeatNoop()); // a resync is due: only a real pass reads the provider
    }

    [Fact]
    public async Task Reconcile_TimerPassAfterAFailure_IsARealPass()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"));
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
        _provider.ReadFailure = new DnsProviderException("Throttling", "Request was denied due to request throttling.");
        _time.Advance(OptionDefaults.ResyncInterval);
        Assert.Equal(ReconcileResult.Failed, await target.ReconcileOnceAsync(Ct));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(target.TryRepeatNoop());
    }

    [Fact]
    public async Task Reconcile_AfterItsOwnWrite_ReadsOnlyBeforeTheNextWrite()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        var reads = _provider.Reads;

        // The cache holds what the provider confirmed: nothing to do, nothing to read.
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(reads, _provider.Reads);

        // A failover re-reads once (picking up the real ids of what it added), then deletes.
        _connector.Fail(Ep("192.0.2.2"));
        await ProbeRoundAsync(target);
        await ProbeRoundAsync(target);
        await ProbeRoundAsync(target);
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(reads + 1, _provider.Reads);
        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));
    }

    [Fact]
    public async Task Resync_ManualDrift_IsRepaired()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"));
        _provider.Seed(Name, "192.0.2.1", "198.51.100.99"); // someone added a record by hand

        _time.Advance(OptionDefaults.ResyncInterval);
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));

        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));
    }

    [Fact]
    public async Task Probe_OneLostPacket_ChangesNothing()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        var applies = _provider.Applies;

        _connector.Fail(Ep("192.0.2.2"));
        await ProbeRoundAsync(target);
        _connector.Succeed(Ep("192.0.2.2"));
        await ProbeRoundAsync(target);
        await target.ReconcileOnceAsync(Ct);

        Assert.Equal(applies, _provider.Applies);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name));
    }

    [Fact]
    public async Task Probe_EndpointDown_IsRemovedAfterFailureThresholdAndFailoverTimed()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        _connector.Fail(Ep("192.0.2.2"));

        await ProbeRoundAsync(target);
        await ProbeRoundAsync(target);
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name)); // two failures: not yet

        await ProbeRoundAsync(target);
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));

        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));
        // First failure at t0, Down on the third probe at t0 + 2 s (FastInterval apart); this test reconciles 1 s later.
        Assert.Equal(3, await _metrics.ValueAsync($"aliddnsha_failover_duration_seconds_sum{{target=\"{Name}\",line=\"default\"}}"));
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_endpoint_transitions_total{{target=\"{Name}\",source=\"wan2\",to=\"down\"}}"));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "EndpointDown");
    }

    [Fact]
    public async Task Probe_EndpointRecovers_IsAddedAfterSuccessThreshold()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        _connector.Fail(Ep("192.0.2.2"));
        for (var i = 0; i < 3; i++)
        {
            await ProbeRoundAsync(target);
        }

        await target.ReconcileOnceAsync(Ct);
        _connector.Succeed(Ep("192.0.2.2"));
        await ProbeRoundAsync(target);
        await target.ReconcileOnceAsync(Ct);
        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));

        await ProbeRoundAsync(target);
        await target.ReconcileOnceAsync(Ct);

        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name));
    }

    [Theory]
    [InlineData(WhenAllDownPolicy.PublishAll, "192.0.2.1 192.0.2.2", 1)]
    [InlineData(WhenAllDownPolicy.KeepLast, "192.0.2.1", 1)]
    [InlineData(WhenAllDownPolicy.Empty, "", 1)]
    public async Task Probe_AllDown_FollowsPolicy(WhenAllDownPolicy policy, string expected, double allDown)
    {
        var target = await UpAsync(policy, Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        _connector.Fail(Ep("192.0.2.2"));
        for (var i = 0; i < 3; i++)
        {
            await ProbeRoundAsync(target);
        }

        await target.ReconcileOnceAsync(Ct);
        await target.ReconcileOnceAsync(Ct);
        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));

        _connector.Fail(Ep("192.0.2.1"));
        for (var i = 0; i < 3; i++)
        {
            await ProbeRoundAsync(target);
        }

        await target.ReconcileOnceAsync(Ct);

        Assert.Equal(expected, string.Join(' ', _provider.Addresses(Name)));
        Assert.Equal(allDown, await _metrics.ValueAsync($"aliddnsha_all_down{{target=\"{Name}\"}}"));
        Assert.True(target.GetStatus().AllDown);
    }

    [Fact]
    public async Task Discovery_SourceMoves_OldAddressWithdrawnAtOnceNewOneOnProbation()
    {
        _resolver.Set("dns1.example.com", "198.51.100.1");
        var target = await UpAsync(Static("wan2", "192.0.2.2"), new SourceOptions { Name = "wan1", Hostname = "dns1.example.com" });
        Assert.Equal(["192.0.2.2", "198.51.100.1"], _provider.Addresses(Name));
        await target.ReconcileOnceAsync(Ct);

        _resolver.Set("dns1.example.com", "198.51.100.77");
        await target.DiscoverOnceAsync(Ct);
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct)); // no probe needed to withdraw

        Assert.Equal(["192.0.2.2"], _provider.Addresses(Name));
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_source_address_changes_total{{target=\"{Name}\",source=\"wan1\"}}"));
        Assert.Null(await _metrics.ValueAsync($"aliddnsha_endpoint_up{{target=\"{Name}\",source=\"wan1\",address=\"198.51.100.1\"}}"));
        var moved = target.GetStatus().Sources.Single(s => s.Name == "wan1").Endpoints.Single();
        Assert.Equal(("198.51.100.77", "Unknown"), (moved.Address, moved.State));

        await ProbeRoundAsync(target);
        await ProbeRoundAsync(target);
        await target.ReconcileOnceAsync(Ct);
        await target.ReconcileOnceAsync(Ct);

        Assert.Equal(["192.0.2.2", "198.51.100.77"], _provider.Addresses(Name));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "SourceMoved");
    }

    [Fact]
    public async Task Discovery_FailedLookup_KeepsLastKnownAddress()
    {
        _resolver.Set("dns1.example.com", "198.51.100.1");
        var target = await UpAsync(new SourceOptions { Name = "wan1", Hostname = "dns1.example.com" });

        _resolver.Fail("dns1.example.com");
        await target.DiscoverOnceAsync(Ct);
        await target.ReconcileOnceAsync(Ct);

        var source = target.GetStatus().Sources.Single();
        Assert.Equal(["198.51.100.1"], source.Addresses);
        Assert.Equal("SERVFAIL for dns1.example.com", source.LastError);
        Assert.Equal(["198.51.100.1"], _provider.Addresses(Name));
        Assert.Equal(1, _logger.Collector.GetSnapshot().Count(r => r.Id.Name == "DiscoveryFailed"));

        await target.DiscoverOnceAsync(Ct); // the same failure again is not logged again
        Assert.Equal(1, _logger.Collector.GetSnapshot().Count(r => r.Id.Name == "DiscoveryFailed"));
    }

    [Fact]
    public async Task Discovery_RecordSource_IsReadThroughTheProvider()
    {
        _provider.Seed("dns2.example.com", "203.0.113.9");
        var target = await UpAsync(new SourceOptions { Name = "wan2", Record = "dns2.example.com" });

        Assert.Equal(["203.0.113.9"], _provider.Addresses(Name));
        Assert.Equal(["203.0.113.9"], _provider.Addresses("dns2.example.com"));
    }

    [Fact]
    public async Task Reconcile_ProviderReadFails_LeavesSetAndRecovers()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        _connector.Fail(Ep("192.0.2.2"));
        for (var i = 0; i < 3; i++)
        {
            await ProbeRoundAsync(target);
        }

        _provider.ReadFailure = new DnsProviderException("Throttling", "Request was denied due to request throttling.");
        Assert.Equal(ReconcileResult.Failed, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(ReconcileResult.Failed, await target.ReconcileOnceAsync(Ct));

        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name));
        Assert.True(target.ProviderFailing);
        Assert.Equal("Throttling", target.GetStatus().LastReconcile!.ErrorCode);
        Assert.Equal(1, _logger.Collector.GetSnapshot().Count(r => r.Id.Name == "ProviderFailed")); // once per change of state

        _provider.ReadFailure = null;
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));
        Assert.False(target.ProviderFailing);
        Assert.Equal(2, await _metrics.ValueAsync($"aliddnsha_reconciles_total{{target=\"{Name}\",line=\"default\",result=\"failed\"}}"));
    }

    [Fact]
    public async Task Reconcile_PartialApply_CountsOnlyConfirmedAndCompletesLater()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        _connector.Fail(Ep("192.0.2.1"));
        _provider.Seed(Name, "192.0.2.1"); // only wan1 published, wan2 Up but missing
        _time.Advance(OptionDefaults.ResyncInterval);
        for (var i = 0; i < 3; i++)
        {
            await ProbeRoundAsync(target);
        }

        _provider.ApplyFailure = new DnsProviderException("InternalError", "The request processing has failed due to some unknown error.");
        _provider.ApplySucceedsFirst = 1; // the add lands, the delete fails
        Assert.Equal(ReconcileResult.Failed, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(["192.0.2.1", "192.0.2.2"], _provider.Addresses(Name));
        Assert.Equal(2 + 1, await _metrics.ValueAsync($"aliddnsha_record_changes_total{{target=\"{Name}\",line=\"default\",action=\"add\"}}"));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_record_changes_total{{target=\"{Name}\",line=\"default\",action=\"delete\"}}"));

        _provider.ApplyFailure = null;
        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(["192.0.2.2"], _provider.Addresses(Name));
    }

    [Fact]
    public async Task Reconcile_ChangeAlreadyMadeElsewhere_IsNotWrittenAgain()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"), Static("wan2", "192.0.2.2"));
        await target.ReconcileOnceAsync(Ct);
        var applies = _provider.Applies;
        _connector.Fail(Ep("192.0.2.2"));
        for (var i = 0; i < 3; i++)
        {
            await ProbeRoundAsync(target);
        }

        _provider.Seed(Name, "192.0.2.1"); // another writer already removed it

        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(applies, _provider.Applies);
    }

    [Fact]
    public async Task Reconcile_ConfigurationError_WaitsForResyncBeforeRetrying()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"));
        _provider.ReadFailure = new DnsProviderException("InvalidAccessKeyId.NotFound", "Specified access key is not found.", isConfigurationError: true, hint: "Check the AccessKeyId.");
        _time.Advance(OptionDefaults.ResyncInterval);

        Assert.Equal(ReconcileResult.Blocked, await target.ReconcileOnceAsync(Ct)); // only the user can fix the key

        var status = target.GetStatus().LastReconcile!;
        Assert.Equal(("failed", "InvalidAccessKeyId.NotFound", "Check the AccessKeyId."), (status.Result, status.ErrorCode, status.Hint));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "ProviderConfigurationError" && r.Message.Contains("Check the AccessKeyId.", StringComparison.Ordinal));
        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));
    }

    [Fact]
    public async Task ReconcileIfDue_AfterConfigurationError_WaitsForTheNextResync()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"));
        _provider.ReadFailure = new DnsProviderException("Forbidden.RAM", "User not authorized to operate on the specified resource.", isConfigurationError: true);
        _time.Advance(OptionDefaults.ResyncInterval);
        Assert.Equal(ReconcileResult.Blocked, await target.ReconcileIfDueAsync(Ct));
        var reads = _provider.Reads;

        for (var i = 0; i < 50; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.Null(await target.ReconcileIfDueAsync(Ct)); // no storm: the key will not fix itself
        }

        Assert.Equal(reads, _provider.Reads);
        Assert.Equal(_time.GetUtcNow(), target.LastHeartbeat); // still alive for /healthz

        _provider.ReadFailure = null;
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileIfDueAsync(Ct));
        Assert.False(target.ProviderFailing);
    }

    [Fact]
    public async Task ReconcileIfDue_AfterTransientError_RetriesAtOnce()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"));
        _provider.ReadFailure = new DnsProviderException("ServiceUnavailable", "temporary");
        _time.Advance(OptionDefaults.ResyncInterval);
        Assert.Equal(ReconcileResult.Failed, await target.ReconcileIfDueAsync(Ct));

        Assert.Equal(ReconcileResult.Failed, await target.ReconcileIfDueAsync(Ct));
        _provider.ReadFailure = null;
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileIfDueAsync(Ct));
    }

    [Fact]
    public async Task Reconcile_DryRun_NeverWritesAndLogsEachChangeOnce()
    {
        var logger = new FakeLogger<DryRunDnsProvider>();
        var dryRun = new DryRunDnsProvider(_provider, logger);
        var target = Create(WhenAllDownPolicy.PublishAll, dryRun, true, Static("wan1", "192.0.2.1"));
        await target.DiscoverOnceAsync(Ct);
        await ProbeRoundAsync(target);
        await ProbeRoundAsync(target);

        Assert.Equal(ReconcileResult.Changed, await target.ReconcileOnceAsync(Ct));
        Assert.Equal(ReconcileResult.Noop, await target.ReconcileOnceAsync(Ct));

        Assert.Equal(0, _provider.Applies);
        Assert.Empty(_provider.Addresses(Name));
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Message.Contains("would apply + 192.0.2.1", StringComparison.Ordinal));
        Assert.Equal(0, await _metrics.ValueAsync($"aliddnsha_record_changes_total{{target=\"{Name}\",line=\"default\",action=\"add\"}}"));
    }

    [Fact]
    public async Task Discovery_ACarrierGradeNatAddress_IsNeverProbedOrPublished_AndReportedOncePerAppearance()
    {
        _resolver.Set("dns1.example.com", "100.64.3.4", "192.0.2.1");
        var target = await UpAsync(new SourceOptions { Name = "wan1", Hostname = "dns1.example.com" });

        await target.DiscoverOnceAsync(Ct);
        await target.DiscoverOnceAsync(Ct);

        Assert.Equal(["192.0.2.1"], _provider.Addresses(Name));
        Assert.Equal(["192.0.2.1"], target.Monitors.Select(m => m.AddressText));
        var source = target.GetStatus().Sources.Single();
        Assert.Equal([new RejectedAddressStatus("100.64.3.4", "cgnat")], source.Rejected);
        Assert.Equal(1, await _metrics.ValueAsync($"aliddnsha_source_addresses_rejected_total{{target=\"{Name}\",source=\"wan1\",reason=\"cgnat\"}}"));
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "AddressRejected" && r.Message.Contains("100.64.3.4", StringComparison.Ordinal));

        // The line leaves CGNAT and comes back: a new appearance is reported again.
        _resolver.Set("dns1.example.com", "192.0.2.1");
        await target.DiscoverOnceAsync(Ct);
        _resolver.Set("dns1.example.com", "100.64.3.4", "192.0.2.1");
        await target.DiscoverOnceAsync(Ct);
        Assert.Equal(2, await _metrics.ValueAsync($"aliddnsha_source_addresses_rejected_total{{target=\"{Name}\",source=\"wan1\",reason=\"cgnat\"}}"));
    }

    [Fact]
    public async Task NextProbeDelay_WhileConfirming_IsFastIntervalFromTheLastStart()
    {
        var target = Create(Static("wan1", "192.0.2.1"));
        await target.DiscoverOnceAsync(Ct);
        var monitor = Assert.Single(target.Monitors);

        Assert.Equal(TimeSpan.FromMilliseconds(700), target.NextProbeDelay(monitor, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task NextProbeDelay_Settled_KeepsAFixedSlotEveryInterval()
    {
        var target = await UpAsync(Static("wan1", "192.0.2.1"));
        var monitor = Assert.Single(target.Monitors);

        var first = target.NextProbeDelay(monitor, TimeSpan.Zero);
        Assert.InRange(first, OptionDefaults.Interval / 10, OptionDefaults.Interval * 1.1);
        _time.Advance(first + TimeSpan.FromMilliseconds(40)); // the probe at the slot took 40 ms
        Assert.Equal(OptionDefaults.Interval - TimeSpan.FromMilliseconds(40), target.NextProbeDelay(monitor, TimeSpan.FromMilliseconds(40)));

        // A timer that fires 3 ms early must not make the same slot count twice.
        _time.Advance(OptionDefaults.Interval - TimeSpan.FromMilliseconds(43));
        _time.Advance(TimeSpan.FromMilliseconds(1)); // the probe took 1 ms
        Assert.Equal(OptionDefaults.Interval + TimeSpan.FromMilliseconds(2), target.NextProbeDelay(monitor, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task NextProbeDelay_ManySettledEndpoints_AreSpreadOverTheInterval()
    {
        var target = await UpAsync([.. Enumerable.Range(1, 200).Select(i => Static($"s{i}", $"10.0.{i / 250}.{i % 250}"))]);

        var interval = OptionDefaults.Interval.Ticks;
        var slots = target.Monitors.GroupBy(m => target.NextProbeDelay(m, TimeSpan.Zero).Ticks % interval).ToList();

        // Groups of 16 share a phase (one timer wake-up each): 13 groups for 200 endpoints, on distinct slots of a
        // fiftieth of the interval, none more than a tenth of the interval from the next.
        Assert.Equal(13, slots.Count);
        Assert.Equal(ProbeSchedule.EndpointsPerPhase, slots.Max(g => g.Count()));
        var starts = slots.Select(g => g.Key).Order().ToList();
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).Append(starts[0] + interval - starts[^1]).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, (interval / 50) - 1, (interval / 10) + 1));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 60)]
    [InlineData(30, 60)]
    public void RetryDelay_DoublesFromFastIntervalUpToOneMinute(int failures, double seconds)
    {
        var target = Create(Static("wan1", "192.0.2.1"));

        Assert.Equal(TimeSpan.FromSeconds(seconds), target.RetryDelay(failures));
    }

    private async Task<TargetController> UpAsync(params SourceOptions[] sources) => await UpAsync(WhenAllDownPolicy.PublishAll, sources);

    /// <summary>A target whose endpoints are all Up and published (fake connector succeeds by default).</summary>
    private async Task<TargetController> UpAsync(WhenAllDownPolicy policy, params SourceOptions[] sources)
    {
        var target = Create(policy, _provider, false, sources);
        await target.DiscoverOnceAsync(Ct);
        await ProbeRoundAsync(target);
        await ProbeRoundAsync(target);
        await target.ReconcileOnceAsync(Ct);
        return target;
    }

    private async Task ProbeRoundAsync(TargetController target)
    {
        await target.ProbeAllOnceAsync(Ct);
        _time.Advance(s_fast);
    }

    private TargetController Create(params SourceOptions[] sources) => Create(WhenAllDownPolicy.PublishAll, _provider, false, sources);

    private TargetController Create(WhenAllDownPolicy policy, IDnsProvider provider, bool dryRun, params SourceOptions[] sources)
    {
        var options = new TargetOptions
        {
            Name = Name,
            Zone = "example.com",
            Provider = provider.Name,
            Port = 443,
            WhenAllDown = policy,
            Sources = [.. sources],
        };
        return new TargetController(
            options,
            provider,
            new SourceDiscovery(_resolver),
            new TcpProbe(_connector, _time),
            _metrics.Metrics,
            _time,
            _logger,
            dryRun);
    }

    private static SourceOptions Static(string name, string address) => new() { Name = name, Addresses = [IPAddress.Parse(address)] };

    private static IPEndPoint Ep(string address) => new(IPAddress.Parse(address), 443);
}
