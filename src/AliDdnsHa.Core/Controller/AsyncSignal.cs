// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>An auto-reset signal that an async loop can wait on, with a timeout measured by a <see cref="TimeProvider"/>.</summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>Waits until <see cref="Set"/> or the timeout (<see cref="Timeout.InfiniteTimeSpan"/>: no timer at all);
    /// returns true when signalled. Resets the signal.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _tcs);
        if (!current.Task.IsCompleted && timeout == Timeout.InfiniteTimeSpan)
        {
            await current.Task.WaitAsync(cancellationToken);
        }
        else if (!current.Task.IsCompleted && timeout > TimeSpan.Zero)
        {
            using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, timeProvider, delayCts.Token);
            await Task.WhenAny(current.Task, delay);

            // Cancel, not CancelAsync: the only callback is the delay's, which just stops its timer; CancelAsync would
            // hand it to the thread pool, a worker's wake-up per pass for nothing (issue 14).
            delayCts.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (!current.Task.IsCompleted)
        {
            return false;
        }

        Interlocked.CompareExchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        return true;
    }
}
