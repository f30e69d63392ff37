// Licensed under the MIT license.

using AliDdnsHa.Probing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Probing;

public sealed class EndpointHealthStateTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_fast = TimeSpan.FromSeconds(1);

    /// <summary>Probe results as S (success) and F (failure); expected states after each as U, D, ? (Unknown).</summary>
    public static TheoryData<int, int, string, string> Sequences => new()
    {
        { 2, 3, "S", "?" },
        { 2, 3, "SS", "?U" },
        { 2, 3, "FFF", "??D" },
        { 2, 3, "SSFF", "?UUU" },
        { 2, 3, "SSFFF", "?UUUD" },
        { 2, 3, "SSFFSFFF", "?UUUUUUD" },
        { 2, 3, "FFFSSS", "??DDUU" },
        { 2, 3, "FFFSFS", "??DDDD" },
        { 1, 1, "SFS", "UDU" },
        { 3, 2, "SSFSSS", "?????U" },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Record_Sequence_FollowsRiseAndFall(int rise, int fall, string results, string expected)
    {
        var time = new FakeTimeProvider();
        var state = new EndpointHealthState(rise, fall);
        var seen = "";
        foreach (var r in results)
        {
            state.Record(r == 'S', time.GetUtcNow());
            time.Advance(s_fast);
            seen += state.Health switch { EndpointHealth.Up => 'U', EndpointHealth.Down => 'D', _ => '?' };
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public void Record_ReturnsTransitionOnlyWhenStateChanges()
    {
        var state = new EndpointHealthState(2, 3);
        var now = DateTimeOffset.UnixEpoch;

        Assert.Null(state.Record(true, now));
        Assert.Equal(EndpointHealth.Up, state.Record(true, now));
        Assert.Null(state.Record(true, now));
        Assert.Null(state.Record(false, now));
        Assert.Null(state.Record(false, now));
        Assert.Equal(EndpointHealth.Down, state.Record(false, now));
        Assert.Null(state.Record(false, now));
    }

    [Fact]
    public void NextDelay_FastWhileConfirming_NormalWhenSettled()
    {
        var state = new EndpointHealthState(2, 3);
        var now = DateTimeOffset.UnixEpoch;

        Assert.Equal(s_fast, state.NextDelay(s_interval, s_fast)); // Unknown: on probation
        state.Record(true, now);
        Assert.Equal(s_fast, state.NextDelay(s_interval, s_fast));
        state.Record(true, now);
        Assert.Equal(s_interval, state.NextDelay(s_interval, s_fast)); // Up and settled
        state.Record(false, now);
        Assert.Equal(s_fast, state.NextDelay(s_interval, s_fast)); // confirming a fall
        state.Record(true, now);
        Assert.Equal(s_interval, state.NextDelay(s_interval, s_fast)); // one lost packet, back to normal
        state.Record(false, now);
        state.Record(false, now);
        state.Record(false, now);
        Assert.Equal(EndpointHealth.Down, state.Health);
        Assert.Equal(s_interval, state.NextDelay(s_interval, s_fast)); // Down and settled
        state.Record(true, now);
        Assert.Equal(s_fast, state.NextDelay(s_interval, s_fast)); // confirming a rise
    }

    [Fact]
    public void FailingSince_IsTheFirstFailureOfTheStreakThatWentDown()
    {
        var time = new FakeTimeProvider();
        var state = new EndpointHealthState(1, 3);
        state.Record(true, time.GetUtcNow());
        time.Advance(s_interval);
        var first = time.GetUtcNow();
        state.Record(false, first);
        time.Advance(s_fast);
        state.Record(false, time.GetUtcNow());
        time.Advance(s_fast);
        state.Record(false, time.GetUtcNow());

        Assert.Equal(EndpointHealth.Down, state.Health);
        Assert.Equal(first, state.FailingSince);
        Assert.Equal(time.GetUtcNow(), state.LastTransitionAt);
    }

    [Fact]
    public void DetectionTime_WithDefaults_IsWithinIntervalPlusTwoFastIntervals()
    {
        // Up and settled; the service dies just after a successful probe (worst case).
        var time = new FakeTimeProvider();
        var state = new EndpointHealthState(2, 3);
        state.Record(true, time.GetUtcNow());
        state.Record(true, time.GetUtcNow());
        var died = time.GetUtcNow();
        while (state.Health != EndpointHealth.Down)
        {
            time.Advance(state.NextDelay(s_interval, s_fast));
            state.Record(false, time.GetUtcNow());
        }

        Assert.Equal(s_interval + (2 * s_fast), time.GetUtcNow() - died);
    }
}
