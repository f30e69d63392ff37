// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Health;

namespace AliDdnsHa.Probing;

/// <summary>Runs one probe loop per endpoint of a target: each round asks every vantage of the target at once and
/// hands the answers to <see cref="TargetHealth"/>.</summary>
internal sealed class EndpointProber(TargetOptions options, TargetHealth health, ProbeSchedule schedule, TimeProvider timeProvider, Action<EndpointTransition> onTransition)
{
    /// <summary>Starts the endpoint's loop; its first probe falls at its phase of <c>FastInterval</c>, so a large
    /// target sends no SYN burst and start-up stays fast.</summary>
    public void Start(EndpointMonitor monitor, CancellationToken stopping) =>
        monitor.Loop = LoopAsync(monitor, options.Probe.FastInterval * monitor.Phase, stopping);

    private async Task LoopAsync(EndpointMonitor monitor, TimeSpan initialDelay, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, monitor.Stopping.Token);
        var token = linked.Token;
        try
        {
            await Task.Yield();
            if (initialDelay > TimeSpan.Zero)
            {
                await Task.Delay(initialDelay, timeProvider, token);
            }

            while (true)
            {
                var started = timeProvider.GetTimestamp();
                await ProbeOnceAsync(monitor, token);
                var next = NextProbeDelay(monitor, timeProvider.GetElapsedTime(started));
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next, timeProvider, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>The delay before the endpoint's next probe round (see <see cref="ProbeSchedule"/>).</summary>
    public TimeSpan NextProbeDelay(EndpointMonitor monitor, TimeSpan lastProbeTook) =>
        schedule.NextDelay(monitor.Phase, health.IsConfirming(monitor), lastProbeTook);

    /// <summary>One round: every vantage of the target asked concurrently, the answers recorded together.</summary>
    /// <remarks>Pooled: at thousands of endpoints this runs thousands of times a second, and it is always awaited once.</remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ProbeOnceAsync(EndpointMonitor monitor, CancellationToken cancellationToken)
    {
        var views = monitor.Views;
        var timeout = options.Probe.Timeout;
        VantageProbeResult[] results = views.Length == 1
            ? [await views[0].Vantage.Vantage.ProbeAsync(monitor.Request, timeout, cancellationToken)]
            : await Task.WhenAll(views.Select(v => v.Vantage.Vantage.ProbeAsync(monitor.Request, timeout, cancellationToken).AsTask()));
        for (var i = 0; i < views.Length; i++)
        {
            views[i].Vantage.Report(results[i]);
        }

        if (health.Record(monitor, results, timeProvider.GetUtcNow()) is { } transition)
        {
            onTransition(transition);
        }
    }
}
