// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Probing;

/// <summary>When each of a target's endpoints is probed: phases spread over the interval, and the delay to the next
/// probe. Not thread-safe for <see cref="NextPhase"/>; callers hold their own lock.</summary>
/// <remarks>While a change is being confirmed: <c>FastInterval</c> after the last probe started. Otherwise the next
/// of the endpoint's own slots, which recur every <c>Interval</c> at its phase. Endpoints share a phase in groups of
/// <see cref="EndpointsPerPhase"/>: a small target's endpoints are probed together, in one timer wake-up, and a large
/// one's groups are spread evenly over the interval, so a thousand settled endpoints give a steady stream of probes
/// rather than bursts. Each target's groups start from a phase of its own (from its place in the configuration), so
/// many targets do not wake together either. In steady state probes are exactly <c>Interval</c> apart; the one gap
/// after a state settles is at most 1.1 × <c>Interval</c>.</remarks>
public sealed class ProbeSchedule(ProbeOptions options, TimeProvider timeProvider, int ordinal = 0)
{
    /// <summary>How many endpoints share a phase. Waking once for a group instead of once per endpoint is what keeps
    /// a few idle endpoints cheap (issue 14); sixteen SYNs at once are no burst.</summary>
    public const int EndpointsPerPhase = 16;

    private const int PhaseSlots = 50;
    private const double GoldenRatioConjugate = 0.6180339887498949;
    private const double SilverRatioConjugate = 0.41421356237309503;

    private readonly long _epoch = timeProvider.GetTimestamp();

    // Targets step through another low-discrepancy sequence than their groups do, so that target n's group m and
    // target n + 1's group m - 1 do not land on the same phase.
    private readonly double _offset = ordinal * SilverRatioConjugate % 1.0;
    private int _assigned;

    public ProbeOptions Options { get; } = options;

    /// <summary>The delay before an endpoint's next probe, given its phase, whether a change is being confirmed and
    /// how long the last probe took.</summary>
    public TimeSpan NextDelay(double phase, bool confirming, TimeSpan lastProbeTook)
    {
        if (confirming)
        {
            return Options.FastInterval - lastProbeTook;
        }

        // The next slot at least a tenth of an interval after the last probe started: timers may fire a few
        // milliseconds early, and the slot just probed must not be taken for the next one.
        var interval = Options.Interval.Ticks;
        var now = timeProvider.GetElapsedTime(_epoch).Ticks;
        var earliest = now - lastProbeTook.Ticks + (interval / 10);
        var slot = (long)(phase * interval);
        var next = earliest + ((((slot - earliest) % interval) + interval) % interval);
        return TimeSpan.FromTicks(next - now);
    }

    /// <summary>The phase of the next endpoint: groups of <see cref="EndpointsPerPhase"/> step through the
    /// golden-ratio sequence from the target's own offset, which spreads them evenly over [0, 1) for any number of
    /// groups. The first group of the first target has phase 0, so a small configuration probes at once on start.</summary>
    public double NextPhase()
    {
        var group = _assigned++ / EndpointsPerPhase;
        var phase = (_offset + (group * GoldenRatioConjugate % 1.0)) % 1.0;

        // Quantised to 1/PhaseSlots of the interval: groups that share a slot wake together too.
        return Math.Floor(phase * PhaseSlots) / PhaseSlots;
    }
}
