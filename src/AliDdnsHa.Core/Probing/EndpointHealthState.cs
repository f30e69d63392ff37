// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>The rise/fall state machine of one endpoint (HAProxy <c>rise</c>/<c>fall</c> with <c>fastinter</c>).</summary>
/// <remarks>
/// Unknown → Up after <c>SuccessThreshold</c> consecutive successes, Unknown → Down after <c>FailureThreshold</c>
/// consecutive failures; Up → Down and Down → Up likewise. While a change is being confirmed (a streak against the
/// current state, or the state is Unknown) the next probe comes after <c>FastInterval</c>, otherwise after <c>Interval</c>.
/// Not thread-safe: one probe loop owns it.
/// </remarks>
public sealed class EndpointHealthState(int successThreshold, int failureThreshold)
{
    public EndpointHealth Health { get; private set; } = EndpointHealth.Unknown;

    public int ConsecutiveSuccesses { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>When the current failure streak began (the first failed probe), if one is running.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>When the endpoint last changed state.</summary>
    public DateTimeOffset? LastTransitionAt { get; private set; }

    /// <summary>Probes recorded so far.</summary>
    public long ProbeCount { get; private set; }

    /// <summary>True while the next probes decide a state change.</summary>
    public bool IsConfirming => Health switch
    {
        EndpointHealth.Unknown => true,
        EndpointHealth.Up => ConsecutiveFailures > 0,
        _ => ConsecutiveSuccesses > 0,
    };

    /// <summary>Records one probe result; returns the new state when it changed.</summary>
    public EndpointHealth? Record(bool success, DateTimeOffset at)
    {
        ProbeCount++;
        if (success)
        {
            ConsecutiveSuccesses++;
            ConsecutiveFailures = 0;
            FailingSince = null;
            if (Health != EndpointHealth.Up && ConsecutiveSuccesses >= successThreshold)
            {
                return Transition(EndpointHealth.Up, at);
            }
        }
        else
        {
            ConsecutiveFailures++;
            ConsecutiveSuccesses = 0;
            FailingSince ??= at;
            if (Health != EndpointHealth.Down && ConsecutiveFailures >= failureThreshold)
            {
                return Transition(EndpointHealth.Down, at);
            }
        }

        return null;
    }

    /// <summary>Takes over another state's counts (a target rebuilt by a configuration reload keeps what it knew of an
    /// endpoint instead of starting it on probation again). The thresholds stay this state's own.</summary>
    public void Restore(EndpointHealthState from)
    {
        ArgumentNullException.ThrowIfNull(from);
        Health = from.Health;
        ConsecutiveSuccesses = from.ConsecutiveSuccesses;
        ConsecutiveFailures = from.ConsecutiveFailures;
        FailingSince = from.FailingSince;
        LastTransitionAt = from.LastTransitionAt;
        ProbeCount = from.ProbeCount;
    }

    /// <summary>The delay before the next probe.</summary>
    public TimeSpan NextDelay(TimeSpan interval, TimeSpan fastInterval) => IsConfirming ? fastInterval : interval;

    private EndpointHealth Transition(EndpointHealth to, DateTimeOffset at)
    {
        Health = to;
        LastTransitionAt = at;
        return to;
    }
}
