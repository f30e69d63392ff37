// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Health;
using AliDdnsHa.Probing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Probing;

public sealed class ProbeSchedulerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<string> _started = new();

    [Fact]
    public void Schedule_HandsEachEndpointOverAtItsDueTime_NotBefore()
    {
        using var scheduler = new ProbeScheduler(_time, m => _started.Enqueue(m.Key.Source));
        scheduler.Schedule(Monitor("late"), TimeSpan.FromMilliseconds(300));
        scheduler.Schedule(Monitor("early"), TimeSpan.FromMilliseconds(100));

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(_started);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["early"], _started);

        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(["early"], _started);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["early", "late"], _started);
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public void Schedule_EndpointsDueTogether_StartInOneWakeUp()
    {
        var wakeUps = 0;
        var lastTimestamp = -1L;
        using var scheduler = new ProbeScheduler(_time, m =>
        {
            var now = _time.GetTimestamp();
            wakeUps += now == lastTimestamp ? 0 : 1;
            lastTimestamp = now;
            _started.Enqueue(m.Key.Source);
        });
        for (var i = 0; i < 50; i++)
        {
            scheduler.Schedule(Monitor($"s{i}"), TimeSpan.FromMilliseconds(20));
        }

        _time.Advance(TimeSpan.FromMilliseconds(20));

        Assert.Equal(50, _started.Count);
        Assert.Equal(1, wakeUps);
    }

    [Fact]
    public void Schedule_EarlierThanTheArmedTime_RearmsTheTimer()
    {
        using var scheduler = new ProbeScheduler(_time, m => _started.Enqueue(m.Key.Source));
        scheduler.Schedule(Monitor("second"), TimeSpan.FromSeconds(1));
        scheduler.Schedule(Monitor("first"), TimeSpan.FromMilliseconds(10));

        _time.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal(["first"], _started);
        Assert.Equal(1, scheduler.Count);
    }

    [Fact]
    public void Schedule_FromTheStartCallback_BooksTheNextRound()
    {
        ProbeScheduler? scheduler = null;
        using var created = scheduler = new ProbeScheduler(_time, m =>
        {
            _started.Enqueue(m.Key.Source);
            scheduler!.Schedule(m, TimeSpan.FromSeconds(1));
        });
        scheduler.Schedule(Monitor("wan1"), TimeSpan.FromSeconds(1));

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(5, _started.Count);
        Assert.Equal(1, scheduler.Count);
    }

    [Fact]
    public void Dispose_NothingIsHandedOverAfterwards()
    {
        var scheduler = new ProbeScheduler(_time, m => _started.Enqueue(m.Key.Source));
        scheduler.Schedule(Monitor("wan1"), TimeSpan.FromMilliseconds(10));

        scheduler.Dispose();
        scheduler.Schedule(Monitor("wan2"), TimeSpan.FromMilliseconds(10));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(_started);
    }

    [Fact]
    public async Task Schedule_DueAtOnce_IsHandedOverOnTheThreadPoolNotInline()
    {
        var handedOver = new TaskCompletionSource<(int Thread, bool Pool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scheduler = new ProbeScheduler(_time, _ => handedOver.TrySetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread)));

        // From a thread of its own, so "inline" and "on the pool" cannot be the same thread.
        var caller = new Thread(() => scheduler.Schedule(Monitor("wan1"), TimeSpan.Zero));
        caller.Start();
        caller.Join();

        var (thread, pool) = await handedOver.Task.WaitAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(caller.ManagedThreadId, thread);
        Assert.True(pool);
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public void Schedule_ATimerThatFiresATickEarly_StartsWhatIsDue_InThatWakeUp()
    {
        var early = new EarlyTimers(_time, TimeSpan.FromMilliseconds(4)); // .NET's timers, on the 4 ms coarse clock
        var wakeUps = 0;
        using var scheduler = new ProbeScheduler(early, m => _started.Enqueue(m.Key.Source));
        early.Fired += () => wakeUps++;
        var fires = TimeSpan.FromMilliseconds(996);
        scheduler.Schedule(Monitor("wan1"), TimeSpan.FromSeconds(1));
        scheduler.Schedule(Monitor("wan2"), fires + ProbeScheduler.EarlyFireSlack - TimeSpan.FromTicks(1));
        scheduler.Schedule(Monitor("later"), fires + ProbeScheduler.EarlyFireSlack); // the slack is strict

        _time.Advance(fires);

        Assert.Equal(["wan1", "wan2"], _started);
        Assert.Equal(1, wakeUps);
        Assert.Equal(1, scheduler.Count);
    }

    /// <summary>Timers that fire <c>early</c> before their due time, as .NET's do when its timer queue's coarse clock
    /// lags the precise one that due times are read from; a timer due sooner than that fires on time.</summary>
    private sealed class EarlyTimers(FakeTimeProvider time, TimeSpan early) : TimeProvider
    {
        public event Action? Fired;

        public override long GetTimestamp() => time.GetTimestamp();

        public override long TimestampFrequency => time.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = time.CreateTimer(s => { Fired?.Invoke(); callback(s); }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return new Early(timer, early).Started(dueTime, period);
        }

        private sealed class Early(ITimer inner, TimeSpan early) : ITimer
        {
            public Early Started(TimeSpan dueTime, TimeSpan period)
            {
                Change(dueTime, period);
                return this;
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) =>
                inner.Change(dueTime > early ? dueTime - early : dueTime, period); // a short re-arm is not early

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    private static EndpointMonitor Monitor(string source) =>
        new("t", new EndpointKey(source, IPAddress.Loopback, 443), [], successThreshold: 2, failureThreshold: 2, phase: 0);
}
