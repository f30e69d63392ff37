// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Probing;

/// <summary>When each of a target's endpoints is probed: phases spread over the interval, and the delay to the next
/// probe. Not thread-safe for <see cref="NextPhase"/>; callers hold their own lock.</summary>
/// <remarks>While a change is being confirmed: <c>FastInterval</c> after the last probe started. Otherwise the next
/// of the endpoint's own slots, which recur every <c>Interval</c> at its phase: the endpoints' phases are spread
/// evenly over the interval, so a thousand settled endpoints give a steady stream of probes rather than bursts. In
/// steady state probes are exactly <c>Interval</c> apart; the one gap after a state settles is at most 1.1 × <c>Interval</c>.</remarks>
public sealed class ProbeSchedule(ProbeOptions options, TimeProvider timeProvider)
{
    private const int PhaseSlots = 50;

    private readonly long _epoch = timeProvider.GetTimestamp();
    private double _phaseSeed;

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

    /// <summary>Phases from the golden-ratio sequence: evenly spread over [0, 1) for any number of endpoints.</summary>
    public double NextPhase()
    {
        const double GoldenRatioConjugate = 0.6180339887498949;
        _phaseSeed = (_phaseSeed + GoldenRatioConjugate) % 1.0;

        // Quantised to 1/PhaseSlots of the interval: probes that share a slot wake together, which costs far less
        // CPU than a separate timer wake-up per probe, and the load is still spread over the interval.
        return Math.Floor(_phaseSeed * PhaseSlots) / PhaseSlots;
    }
}
