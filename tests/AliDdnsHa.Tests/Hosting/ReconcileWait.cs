// Licensed under the MIT license.

using System.Text.Json;
using AliDdnsHa.Controller;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>Waits on the controller's own reconcile events instead of sleeping.</summary>
internal static class ReconcileWait
{
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(30);

    /// <summary>Waits, reconcile by reconcile, until <paramref name="condition"/> holds; fails after a generous budget.</summary>
    public static async Task UntilAsync(TargetController target, Func<bool> condition)
    {
        var ct = TestContext.Current.CancellationToken;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(TargetController _)
        {
            if (condition())
            {
                done.TrySetResult();
            }
        }

        target.Reconciled += Check;
        try
        {
            Check(target);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(s_budget);
            await done.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"condition not reached within {s_budget.TotalSeconds} s; status: {JsonSerializer.Serialize(target.GetStatus())}");
        }
        finally
        {
            target.Reconciled -= Check;
        }
    }
}
