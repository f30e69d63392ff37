// Licensed under the MIT license.

namespace AliDdnsHa.Notifications;

/// <summary>How hard a sink tries: the per-attempt timeout and the pauses between attempts (their count plus one is
/// the number of attempts), and the queue size.</summary>
public sealed record NotificationDelivery(TimeSpan AttemptTimeout, IReadOnlyList<TimeSpan> RetryDelays, int QueueCapacity)
{
    /// <summary>10 s per attempt, three attempts 2 s and 8 s apart, 256 queued events.</summary>
    public static NotificationDelivery Default { get; } = new(TimeSpan.FromSeconds(10), [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8)], 256);
}
