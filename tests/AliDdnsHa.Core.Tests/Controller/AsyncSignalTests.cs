// Licensed under the MIT license.

using AliDdnsHa.Controller;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Controller;

public sealed class AsyncSignalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WaitAsync_SetWhileWaiting_WakesBeforeTimeout()
    {
        var time = new FakeTimeProvider();
        var signal = new AsyncSignal();

        var wait = signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct);
        Assert.False(wait.IsCompleted);
        signal.Set();

        Assert.True(await wait);
    }

    [Fact]
    public async Task WaitAsync_NoSet_ReturnsFalseAtTimeout()
    {
        var time = new FakeTimeProvider();
        var signal = new AsyncSignal();

        var wait = signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(await wait);
    }

    [Fact]
    public async Task WaitAsync_SetBeforeWait_ReturnsAtOnceThenResets()
    {
        var time = new FakeTimeProvider();
        var signal = new AsyncSignal();
        signal.Set();
        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct));
        var second = signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(await second);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        var signal = new AsyncSignal();

        var wait = signal.WaitAsync(TimeSpan.FromSeconds(5), new FakeTimeProvider(), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task WaitAsync_Infinite_SetsNoTimerAndWaitsForSet()
    {
        var time = new FakeTimeProvider();
        var signal = new AsyncSignal();

        var wait = signal.WaitAsync(Timeout.InfiniteTimeSpan, time, Ct);
        time.Advance(TimeSpan.FromDays(1));
        Assert.False(wait.IsCompleted);
        signal.Set();

        Assert.True(await wait);
    }

    [Fact]
    public async Task WaitAsync_InfiniteCancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        var signal = new AsyncSignal();

        var wait = signal.WaitAsync(Timeout.InfiniteTimeSpan, new FakeTimeProvider(), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task Set_WakesTheWaiterOnThePool()
    {
        var signal = new AsyncSignal();
        var woken = WokenOnAsync(signal);

        // Set from a dedicated thread, which never runs pool work: an inline continuation would report its id. A caller
        // of Set is a probe round's thread or holds a lock; running a reconcile pass inline there cost probe timing at
        // 10,000 endpoints (bench/results.md, 2026-12-05).
        var setter = new Thread(signal.Set);
        setter.Start();
        setter.Join();

        Assert.NotEqual(setter.ManagedThreadId, await woken);
    }

    private static async Task<int> WokenOnAsync(AsyncSignal signal)
    {
        await signal.WaitAsync(Timeout.InfiniteTimeSpan, new FakeTimeProvider(), Ct);
        return Environment.CurrentManagedThreadId;
    }
}
