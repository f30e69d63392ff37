// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Probing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Probing;

public sealed class ProbeScheduleTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void NextPhase_AFewEndpointsOfTheFirstTarget_ShareOnePhase_AndStartAtOnce()
    {
        var schedule = new ProbeSchedule(new ProbeOptions(), _time);

        var phases = Enumerable.Range(0, 3).Select(_ => schedule.NextPhase()).ToList();

        // One timer wake-up probes all three, and the first round is not delayed.
        Assert.All(phases, phase => Assert.Equal(0, phase));
    }

    [Fact]
    public void NextPhase_FillsGroupsOfSixteen_ThenMovesOn()
    {
        var schedule = new ProbeSchedule(new ProbeOptions(), _time);

        var phases = Enumerable.Range(0, 3 * ProbeSchedule.EndpointsPerPhase).Select(_ => schedule.NextPhase()).ToList();

        var groups = phases.Chunk(ProbeSchedule.EndpointsPerPhase).ToList();
        Assert.All(groups, group => Assert.Single(group.Distinct()));
        Assert.Equal(3, groups.Select(g => g[0]).Distinct().Count());
    }

    [Fact]
    public void NextPhase_TargetsStartFromPhasesOfTheirOwn()
    {
        // Many small targets: each one's group wakes on its own, not all of them together.
        var firsts = Enumerable.Range(0, 20).Select(ordinal => new ProbeSchedule(new ProbeOptions(), _time, ordinal).NextPhase()).ToList();

        Assert.Equal(20, firsts.Distinct().Count());
        Assert.All(firsts, phase => Assert.InRange(phase, 0, 0.98));
    }

    [Fact]
    public void NextDelay_Settled_WaitsForTheNextSlotOfItsPhase()
    {
        var options = new ProbeOptions { Interval = TimeSpan.FromSeconds(10) };
        var schedule = new ProbeSchedule(options, _time);
        _time.Advance(TimeSpan.FromSeconds(0.5)); // the slot of phase 0.2 (at 2 s) comes in 1.5 s ...

        Assert.Equal(TimeSpan.FromSeconds(1.5), schedule.NextDelay(0.2, confirming: false, lastProbeTook: TimeSpan.Zero));

        // ... but is not taken again right after its probe: that probe started at 2 s, the next one is at 12 s.
        _time.Advance(TimeSpan.FromSeconds(1.6));
        Assert.Equal(TimeSpan.FromSeconds(9.9), schedule.NextDelay(0.2, confirming: false, lastProbeTook: TimeSpan.FromSeconds(0.1)));
    }

    [Fact]
    public void NextDelay_Confirming_IsFastIntervalAfterTheLastProbeStarted()
    {
        var schedule = new ProbeSchedule(new ProbeOptions { FastInterval = TimeSpan.FromSeconds(1) }, _time);

        Assert.Equal(TimeSpan.FromMilliseconds(700), schedule.NextDelay(0.5, confirming: true, lastProbeTook: TimeSpan.FromMilliseconds(300)));
    }
}
