// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Health;
using AliDdnsHa.Planning;

namespace AliDdnsHa.Reconciliation;

/// <summary>Paces one target's reconcile passes: when a pass runs, and what it runs. A pass reconciles each of the
/// target's record sets in turn (the default line first, then each managed line, lending it the default line's set);
/// this loop knows nothing of records, only of wake-ups, pacing, the watchdog and back-off.</summary>
/// <remarks>
/// The loop is woken at once by <see cref="Wake"/> (any state change) and otherwise runs every <c>Interval</c>;
/// failed passes back off from <c>FastInterval</c> doubling up to a minute. When <see cref="PacedByProbeRounds"/> is
/// set, the every-<c>Interval</c> pass is asked for by the target's probe rounds (<see cref="RoundEnded"/>) instead of a
/// timer of its own, so it runs in the same wake-up as the probes; a watchdog every <see cref="WatchdogPeriod"/> covers
/// a target without endpoints, whose rounds never come.
/// </remarks>
internal sealed class ReconcileLoop : IDisposable
{
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly ProbeOptions _probe;
    private readonly TimeProvider _time;
    private readonly Func<HealthSnapshot> _health;
    private readonly Func<bool> _ready;
    private readonly AsyncSignal _wake = new();
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private long _lastPassAt;
    private int _changed;

    /// <summary>A loop over <paramref name="recordSets"/>, the default line's first. <paramref name="health"/> gives the
    /// current verdicts (read once per pass, so every line plans from the same picture); <paramref name="ready"/> is
    /// false until the first probe round is complete, and passes before that are skipped.</summary>
    public ReconcileLoop(ProbeOptions probe, IReadOnlyList<RecordSetReconciler> recordSets, TimeProvider timeProvider, Func<HealthSnapshot> health, Func<bool> ready)
    {
        _probe = probe;
        RecordSets = recordSets;
        _time = timeProvider;
        _health = health;
        _ready = ready;
    }

    /// <summary>The target's record sets: the default line's first, then each managed line's.</summary>
    public IReadOnlyList<RecordSetReconciler> RecordSets { get; }

    /// <summary>The default line's record set.</summary>
    public RecordSetReconciler Default => RecordSets[0];

    /// <summary>True when the target's probe rounds call <see cref="RoundEnded"/>: the loop then has no timer of its own
    /// while nothing fails, only the watchdog.</summary>
    public bool PacedByProbeRounds { get; init; }

    /// <summary>How often the watchdog of a loop paced by probe rounds looks for a pass that is overdue: twice the
    /// interval, at least 30 s. Well inside the liveness budget (three intervals, at least three minutes).</summary>
    public TimeSpan WatchdogPeriod => TimeSpan.FromTicks(Math.Max(_probe.Interval.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>Raised after every pass, skipped or not.</summary>
    public event Action? Passed;

    /// <summary>True once every record set has been read successfully.</summary>
    public bool HasSynced => RecordSets.All(r => r.HasSynced);

    /// <summary>True while the last provider call of some record set failed.</summary>
    public bool ProviderFailing => RecordSets.Any(r => r.ProviderFailing);

    /// <summary>Asks for a pass as soon as possible: something the plan depends on changed.</summary>
    public void Wake()
    {
        Volatile.Write(ref _changed, 1);
        _wake.Set();
    }

    /// <summary>A probe round of the target ended: asks for the every-<c>Interval</c> pass if it is due. A round ending
    /// a tenth of an interval early counts, so the pass keeps the phase of the rounds instead of drifting past them.
    /// Called for every round, so it only reads the clock; of the rounds that end together (a probe group's), one
    /// claims the pass, so a burst of rounds asks for one pass, not one per round that ends before the loop runs.</summary>
    /// <returns>Whether it asked for a pass.</returns>
    public bool RoundEnded() => TryAskForPass(_probe.Interval * 0.9);

    /// <summary>How long the loop waits for a wake-up after a pass: the back-off after failures; otherwise the interval,
    /// or, paced by probe rounds, no timer at all.</summary>
    internal TimeSpan NextWait(int failures) =>
        failures != 0 ? RetryDelay(failures) : PacedByProbeRounds ? Timeout.InfiniteTimeSpan : _probe.Interval;

    /// <summary>The watchdog's tick: asks for a pass when none ran for an interval.</summary>
    /// <returns>Whether it asked for a pass.</returns>
    internal bool OnWatchdog() => TryAskForPass(_probe.Interval);

    /// <summary>Asks for a pass when none ran for <paramref name="after"/>, claiming it first (a compare-and-swap on the
    /// last pass time), so of the callers that find it due at once, rounds or the watchdog, only one asks.</summary>
    private bool TryAskForPass(TimeSpan after)
    {
        var last = Volatile.Read(ref _lastPassAt);
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(last, now) < after || Interlocked.CompareExchange(ref _lastPassAt, now, last) != last)
        {
            return false;
        }

        _wake.Set();
        return true;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        foreach (var recordSet in RecordSets)
        {
            recordSet.ResyncNow();
        }

        Volatile.Write(ref _lastPassAt, _time.GetTimestamp());
        using var watchdog = PacedByProbeRounds
            ? _time.CreateTimer(static state => ((ReconcileLoop)state!).OnWatchdog(), this, WatchdogPeriod, WatchdogPeriod)
            : null;
        try
        {
            while (true)
            {
                await _wake.WaitAsync(NextWait(failures), _time, cancellationToken);
                Volatile.Write(ref _lastPassAt, _time.GetTimestamp());
                var changed = Interlocked.Exchange(ref _changed, 0) != 0;
                if (!changed && failures == 0 && TryRepeatNoop())
                {
                    continue;
                }

                if (await ReconcileIfDueAsync(cancellationToken) is { } result)
                {
                    failures = result == ReconcileResult.Failed ? failures + 1 : 0;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A pass that no change asked for (the timer or a probe round, not <see cref="Wake"/>) after a no-op pass
    /// of every record set, with no provider read due: its plans would be the last ones again, because every input of a
    /// plan (a verdict, a discovered address, a vantage's condition) wakes the loop when it changes. It is counted and
    /// timed as the no-op pass it is, without planning: at 100 targets of 100 endpoints, planning every target every
    /// second was a quarter of the controller's allocations.</summary>
    internal bool TryRepeatNoop()
    {
        var now = _time.GetUtcNow();
        foreach (var recordSet in RecordSets)
        {
            if (!recordSet.CanRepeatNoop(now))
            {
                return false;
            }
        }

        foreach (var recordSet in RecordSets)
        {
            recordSet.RepeatNoop(now);
        }

        Passed?.Invoke();
        return true;
    }

    /// <summary>One wake-up of the loop: a pass of every record set, except those whose configuration error waits for
    /// the next resync. Returns <see langword="null"/> when no record set was reconciled.</summary>
    public Task<ReconcileResult?> ReconcileIfDueAsync(CancellationToken cancellationToken) => PassAsync(respectResyncWait: true, cancellationToken);

    /// <summary>Back-off after failed passes: FastInterval doubling up to one minute.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var delay = _probe.FastInterval * Math.Pow(2, Math.Min(failures - 1, 10));
        return delay > s_maxRetryDelay ? s_maxRetryDelay : delay;
    }

    /// <summary>One pass of every record set.</summary>
    public async Task<ReconcileResult> ReconcileOnceAsync(CancellationToken cancellationToken) =>
        await PassAsync(respectResyncWait: false, cancellationToken) ?? ReconcileResult.Noop;

    private async Task<ReconcileResult?> PassAsync(bool respectResyncWait, CancellationToken cancellationToken)
    {
        await _mutex.WaitAsync(cancellationToken);
        try
        {
            if (!_ready())
            {
                foreach (var recordSet in RecordSets)
                {
                    recordSet.Skipped();
                }

                Passed?.Invoke();
                return ReconcileResult.Skipped;
            }

            var health = _health();
            var now = _time.GetUtcNow();
            ReconcileResult? result = null;
            IReadOnlyList<IPAddress>? fallback = null;
            foreach (var recordSet in RecordSets)
            {
                // Only the user can fix a configuration error (key, permissions, TTL, a line the edition lacks): such a
                // record set is tried again at its next resync, not on every wake-up. The loop keeps beating meanwhile,
                // so /healthz never asks for a restart.
                if (!(respectResyncWait && recordSet.WaitingForResync(now)))
                {
                    result = Worst(result, await recordSet.ReconcileAsync(health, fallback, cancellationToken));
                }

                fallback ??= recordSet.Desired;
            }

            Passed?.Invoke();
            return result;
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>Plans every record set from the current state after a fresh read of the provider; used by <c>plan</c>.</summary>
    public async Task<IReadOnlyList<(string Line, RecordSetPlan Plan)>> PlanWithFreshReadAsync(CancellationToken cancellationToken)
    {
        var health = _health();
        var plans = new List<(string, RecordSetPlan)>();
        IReadOnlyList<IPAddress>? fallback = null;
        foreach (var recordSet in RecordSets)
        {
            var plan = await recordSet.PlanWithFreshReadAsync(health, fallback, cancellationToken);
            fallback ??= plan.Desired;
            plans.Add((recordSet.Line, plan));
        }

        return plans;
    }

    /// <summary>The pass's result over its record sets: a failure backs the loop off, whatever the others did.</summary>
    private static ReconcileResult Worst(ReconcileResult? a, ReconcileResult b) =>
        a is null ? b : Rank(a.Value) >= Rank(b) ? a.Value : b;

    private static int Rank(ReconcileResult result) => result switch
    {
        ReconcileResult.Failed => 4,
        ReconcileResult.Blocked => 3,
        ReconcileResult.Changed => 2,
        ReconcileResult.Noop => 1,
        _ => 0,
    };

    public void Dispose() => _mutex.Dispose();
}
