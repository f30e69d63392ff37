// Licensed under the MIT license.

using AliDdnsHa.Health;

namespace AliDdnsHa.Probing;

/// <summary>When each of a target's endpoints is probed next: one queue ordered by due time and one timer for the
/// whole target, instead of a <c>Task.Delay</c> (a timer, a promise and a cancellation registration) per endpoint per
/// probe.</summary>
/// <remarks>At 10,000 endpoints probed every second the per-endpoint delays were a fifth of the controller's
/// allocations, and because each one lives for most of an interval they survived into gen1 and made every gen1
/// collection larger (issue 14). Endpoints whose phases share a slot are due together and start in one timer callback.
/// Due endpoints are handed to <c>start</c> on the timer's thread, outside the lock; an endpoint due at once (a delay
/// of zero or less) is handed over on the thread pool instead, so a caller never runs a probe inline.</remarks>
internal sealed class ProbeScheduler : IDisposable
{
    [ThreadStatic]
    private static List<EndpointMonitor>? t_due;

    private readonly TimeProvider _timeProvider;
    private readonly Action<EndpointMonitor> _start;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<EndpointMonitor, long> _queue = new();
    private readonly long _epoch;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    /// <summary>How early a timer may fire and still start what is due. .NET's timer queue counts time with the coarse
    /// monotonic clock (one kernel tick: 4 ms here, up to 10 ms elsewhere) while due times are read from the precise
    /// one, so a timer fires up to a tick early. Without this slack, half the rounds of an idle target woke the timer
    /// thread and a pool worker once for nothing, then the timer thread once a millisecond until the coarse clock
    /// caught up (issue 14). Starting a probe a few milliseconds early is harmless: the next slot is counted from the
    /// start, at least a tenth of the interval after it (<see cref="ProbeSchedule.NextDelay"/>), and a start less than
    /// this slack early (strictly) is less than a tenth of the shortest interval allowed (100 ms) early, so it never
    /// takes its own slot again.</summary>
    internal static readonly TimeSpan EarlyFireSlack = TimeSpan.FromMilliseconds(10);

    public ProbeScheduler(TimeProvider timeProvider, Action<EndpointMonitor> start)
    {
        _timeProvider = timeProvider;
        _start = start;
        _epoch = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static state => ((ProbeScheduler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Endpoints waiting for their next probe.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Hands <paramref name="monitor"/> to <c>start</c> after <paramref name="delay"/>.</summary>
    public void Schedule(EndpointMonitor monitor, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Scheduler._start(state.Monitor), (Scheduler: this, Monitor: monitor), preferLocal: false);
            return;
        }

        var now = Now();
        var due = now + delay.Ticks;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _queue.Enqueue(monitor, due);
            if (due < _armedFor)
            {
                Arm(due, now);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        var due = t_due ??= [];
        lock (_gate)
        {
            _armedFor = long.MaxValue;
            if (_disposed)
            {
                return;
            }

            var now = Now();
            while (_queue.TryPeek(out var monitor, out var at) && at - now < EarlyFireSlack.Ticks)
            {
                _queue.Dequeue();
                due.Add(monitor);
            }

            if (_queue.TryPeek(out _, out var next))
            {
                Arm(next, now);
            }
        }

        try
        {
            foreach (var monitor in due)
            {
                _start(monitor);
            }
        }
        finally
        {
            due.Clear();
        }
    }

    /// <summary>Sets the timer for <paramref name="due"/>; at least a tick ahead, so a timer that fired a little early
    /// comes back for what it found not yet due instead of firing again at once. Call under the lock.</summary>
    private void Arm(long due, long now)
    {
        _armedFor = due;
        _timer.Change(TimeSpan.FromTicks(Math.Max(due - now, 1)), Timeout.InfiniteTimeSpan);
    }

    private long Now() => _timeProvider.GetElapsedTime(_epoch).Ticks;
}
