// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Reconciliation;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Reconciliation;

/// <summary>The reconcile loop paced by the target's probe rounds instead of a timer of its own.</summary>
public sealed class ReconcileLoopTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly TestMetrics _metrics = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void NextWait_PacedByRounds_HasNoTimerUnlessBackingOff()
    {
        using var paced = Create(paced: true);
        using var timed = Create(paced: false);

        Assert.Equal(Timeout.InfiniteTimeSpan, paced.NextWait(0));
        Assert.Equal(paced.RetryDelay(2), paced.NextWait(2));
        Assert.Equal(s_interval, timed.NextWait(0));
    }

    [Fact]
    public async Task RoundEnded_AsksForAPassOnlyOncePerInterval()
    {
        using var reconciler = Create(paced: true);
        var passes = CountPasses(reconciler);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = reconciler.RunAsync(cts.Token);

        _time.Advance(s_interval * 0.5);
        Assert.False(reconciler.RoundEnded());
        _time.Advance(s_interval * 0.4); // a round a tenth of an interval early still counts
        Assert.True(reconciler.RoundEnded());
        await passes.Reader.ReadAsync(Ct);

        Assert.False(reconciler.RoundEnded()); // the pass just ran
        _time.Advance(s_interval * 0.9);
        Assert.True(reconciler.RoundEnded());
        await passes.Reader.ReadAsync(Ct);

        await cts.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task RoundEnded_ByAGroupEndingTogether_AsksForOnePass()
    {
        using var reconciler = Create(paced: true);
        var passes = CountPasses(reconciler);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = reconciler.RunAsync(cts.Token);

        _time.Advance(s_interval);
        var asked = Enumerable.Range(0, 16).Count(_ => reconciler.RoundEnded()); // before the loop has run the pass

        Assert.Equal(1, asked);
        await passes.Reader.ReadAsync(Ct);
        await cts.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Watchdog_AndARoundFindingThePassDueAtOnce_AskForOnePass()
    {
        using var reconciler = Create(paced: true);
        var passes = CountPasses(reconciler);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = reconciler.RunAsync(cts.Token);

        _time.Advance(s_interval);
        Assert.True(reconciler.OnWatchdog());
        Assert.False(reconciler.RoundEnded()); // the watchdog claimed this interval's pass

        await passes.Reader.ReadAsync(Ct);
        await cts.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Watchdog_WithoutRounds_RunsAPassEveryPeriod()
    {
        using var reconciler = Create(paced: true);
        var passes = CountPasses(reconciler);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = reconciler.RunAsync(cts.Token);

        Assert.Equal(TimeSpan.FromSeconds(30), reconciler.WatchdogPeriod); // twice 5 s is less than the 30 s floor
        _time.Advance(reconciler.WatchdogPeriod - TimeSpan.FromMilliseconds(1));
        Assert.False(passes.Reader.TryPeek(out _)); // the timer pass every interval is gone
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(_time.GetUtcNow(), await passes.Reader.ReadAsync(Ct));

        await cts.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Watchdog_AfterARecentPass_DoesNotAsk()
    {
        using var reconciler = Create(paced: true);
        var passes = CountPasses(reconciler);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = reconciler.RunAsync(cts.Token);

        _time.Advance(s_interval);
        Assert.True(reconciler.RoundEnded());
        await passes.Reader.ReadAsync(Ct);
        _time.Advance(s_interval * 0.5);
        Assert.False(reconciler.OnWatchdog());
        _time.Advance(s_interval * 0.5);
        Assert.True(reconciler.OnWatchdog());
        await passes.Reader.ReadAsync(Ct);

        await cts.CancelAsync();
        await loop;
    }

    /// <summary>The fake clock's time at each pass.</summary>
    private System.Threading.Channels.Channel<DateTimeOffset> CountPasses(ReconcileLoop reconciler)
    {
        var passes = System.Threading.Channels.Channel.CreateUnbounded<DateTimeOffset>();
        reconciler.Passed += () => passes.Writer.TryWrite(_time.GetUtcNow());
        return passes;
    }

    private ReconcileLoop Create(bool paced)
    {
        var options = new TargetOptions
        {
            Name = "home.example.com",
            Zone = "example.com",
            Provider = "fake",
            Port = 443,
            Probe = new ProbeOptions { Interval = s_interval },
        };

        // Never ready: every pass is a skipped one, which is all these tests count.
        var recordSet = new RecordSetReconciler(options, null, new FakeDnsProvider(), _metrics.Metrics, _time, NullLogger.Instance, dryRun: false);
        return new ReconcileLoop(options.Probe, [recordSet], _time, () => throw new InvalidOperationException("no plan expected"), () => false)
        {
            PacedByProbeRounds = paced,
        };
    }
}
