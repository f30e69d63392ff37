// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Health;

namespace AliDdnsHa.Probing;

/// <summary>Probes each endpoint of a target in rounds: each round asks every vantage of the target at once, hands
/// the answers to <see cref="TargetHealth"/> and books the endpoint's next round with the target's
/// <see cref="ProbeScheduler"/>.</summary>
internal sealed class EndpointProber : IDisposable
{
    private readonly TargetOptions _options;
    private readonly TargetHealth _health;
    private readonly ProbeSchedule _schedule;
    private readonly TimeProvider _timeProvider;
    private readonly Action<EndpointTransition> _onTransition;
    private readonly Action<EndpointMonitor, Exception> _onFault;
    private readonly Action _onRoundEnded;
    private readonly ProbeScheduler _scheduler;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stopping;
    private int _inFlight;
    private int _stopped;

    public EndpointProber(
        TargetOptions options, TargetHealth health, ProbeSchedule schedule, TimeProvider timeProvider, Action<EndpointTransition> onTransition, Action<EndpointMonitor, Exception> onFault, Action? onRoundEnded = null)
    {
        _onRoundEnded = onRoundEnded ?? (static () => { });
        _options = options;
        _health = health;
        _schedule = schedule;
        _timeProvider = timeProvider;
        _onTransition = onTransition;
        _onFault = onFault;
        _scheduler = new ProbeScheduler(timeProvider, StartRound);
    }

    /// <summary>Starts probing the endpoint until it leaves (<see cref="EndpointMonitor.HasLeft"/>) or
    /// <paramref name="stopping"/> (the target's, the same for every endpoint) is cancelled. Its first probe falls at
    /// its phase of <c>FastInterval</c>, so a large target sends no SYN burst and start-up stays fast.</summary>
    public void Start(EndpointMonitor monitor, CancellationToken stopping)
    {
        _stopping = stopping;
        _scheduler.Schedule(monitor, _options.Probe.FastInterval * monitor.Phase);
    }

    /// <summary>Stops booking rounds; the returned task completes when the rounds in flight have ended.</summary>
    public Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _scheduler.Dispose();
            // Counted as a round of its own while stopping, so this call and the last round cannot both miss the end.
            Interlocked.Increment(ref _inFlight);
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }
        }

        return _drained.Task;
    }

    public void Dispose() => _scheduler.Dispose();

    private void StartRound(EndpointMonitor monitor)
    {
        Interlocked.Increment(ref _inFlight);
        _ = RoundAsync(monitor);
    }

    /// <summary>One round, then the booking of the next. Not pooled: nothing awaits it, and a pooled box goes back to
    /// its pool only when awaited.</summary>
    private async Task RoundAsync(EndpointMonitor monitor)
    {
        var stopping = _stopping;
        try
        {
            if (monitor.HasLeft || stopping.IsCancellationRequested || Volatile.Read(ref _stopped) != 0)
            {
                return;
            }

            var started = _timeProvider.GetTimestamp();
            try
            {
                var views = monitor.Views;
                if (views.Length == 1)
                {
                    // Awaited here rather than through ProbeOnceAsync: one suspended method fewer per probe.
                    RecordOnly(monitor, await views[0].Vantage.Vantage.ProbeAsync(monitor.Request, _options.Probe.Timeout, stopping));
                }
                else
                {
                    await ProbeOnceAsync(monitor, stopping);
                }
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                _onFault(monitor, ex); // a vantage broke its promise to answer with a value; keep probing
            }

            if (!monitor.HasLeft && !stopping.IsCancellationRequested)
            {
                _onRoundEnded();
                _scheduler.Schedule(monitor, NextProbeDelay(monitor, _timeProvider.GetElapsedTime(started)));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _stopped) != 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>The delay before the endpoint's next probe round (see <see cref="ProbeSchedule"/>).</summary>
    public TimeSpan NextProbeDelay(EndpointMonitor monitor, TimeSpan lastProbeTook) =>
        _schedule.NextDelay(monitor.Phase, _health.IsConfirming(monitor), lastProbeTook);

    /// <summary>One round: every vantage of the target asked concurrently, the answers recorded together.</summary>
    /// <remarks>Pooled: at thousands of endpoints this runs thousands of times a second, and it is always awaited once.</remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ProbeOnceAsync(EndpointMonitor monitor, CancellationToken cancellationToken)
    {
        var views = monitor.Views;
        var timeout = _options.Probe.Timeout;
        if (views.Length == 1)
        {
            RecordOnly(monitor, await views[0].Vantage.Vantage.ProbeAsync(monitor.Request, timeout, cancellationToken));
            return;
        }

        var results = await Task.WhenAll(views.Select(v => v.Vantage.Vantage.ProbeAsync(monitor.Request, timeout, cancellationToken).AsTask()));
        for (var i = 0; i < views.Length; i++)
        {
            views[i].Vantage.Report(results[i]);
        }

        Transitioned(_health.Record(monitor, results, _timeProvider.GetUtcNow()));
    }

    /// <summary>Records the answer of a target's only vantage.</summary>
    private void RecordOnly(EndpointMonitor monitor, in VantageProbeResult answer)
    {
        monitor.Views[0].Vantage.Report(answer);
        Transitioned(_health.Record(monitor, answer, _timeProvider.GetUtcNow()));
    }

    private void Transitioned(in EndpointTransitions transitions)
    {
        if (transitions.Target is { } target)
        {
            _onTransition(target);
        }

        if (transitions.Lines is { } lines)
        {
            foreach (var line in lines)
            {
                _onTransition(line);
            }
        }
    }
}
