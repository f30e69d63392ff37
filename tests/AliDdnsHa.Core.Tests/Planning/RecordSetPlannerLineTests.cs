// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using AliDdnsHa.Planning;

namespace AliDdnsHa.Core.Tests.Planning;

/// <summary>The planner for a managed line (解析线路): the line's own endpoints, the default line's set to fall back
/// to, and <c>WhenLineDown</c>.</summary>
public sealed class RecordSetPlannerLineTests
{
    /// <summary>
    /// Notation as in <see cref="RecordSetPlannerTests"/>: the line's own endpoints "address=U|D|?", the line's records,
    /// the default line's desired set (space-separated), the policy, frozen, the expected changes and the mode.
    /// </summary>
    public static TheoryData<string, string, string, string, LineDownPolicy, bool, string, PlanMode> Cases => new()
    {
        // The line's own sources are healthy: it holds exactly them, whatever the default line holds.
        { "own Up source is published", "1.1.1.1=U", "", "1.1.1.1 2.2.2.2", LineDownPolicy.Default, false, "+1.1.1.1", PlanMode.Healthy },
        { "own set steady", "1.1.1.1=U", "1.1.1.1", "1.1.1.1 2.2.2.2", LineDownPolicy.Default, false, "", PlanMode.Healthy },
        { "one of two own sources down: only it leaves", "1.1.1.1=U 3.3.3.3=D", "1.1.1.1 3.3.3.3", "1.1.1.1 2.2.2.2", LineDownPolicy.Default, false, "-3.3.3.3", PlanMode.Healthy },
        // None of its own sources healthy, WhenLineDown: Default: the default line's set, added before the dead one goes.
        { "own source down: fallback added before own deleted", "1.1.1.1=D", "1.1.1.1", "2.2.2.2 3.3.3.3", LineDownPolicy.Default, false, "+2.2.2.2 +3.3.3.3 -1.1.1.1", PlanMode.Fallback },
        { "on fallback, steady", "1.1.1.1=D", "2.2.2.2 3.3.3.3", "2.2.2.2 3.3.3.3", LineDownPolicy.Default, false, "", PlanMode.Fallback },
        { "on fallback, the default set moves with it", "1.1.1.1=D", "2.2.2.2 3.3.3.3", "2.2.2.2", LineDownPolicy.Default, false, "-3.3.3.3", PlanMode.Fallback },
        { "fallback set empty: the line is held, never emptied", "1.1.1.1=D", "1.1.1.1", "", LineDownPolicy.Default, false, "", PlanMode.Holding },
        // Back: its own address is added before the default line's set is deleted.
        { "own source back: own added before fallback deleted", "1.1.1.1=U", "2.2.2.2 3.3.3.3", "1.1.1.1 2.2.2.2 3.3.3.3", LineDownPolicy.Default, false, "+1.1.1.1 -2.2.2.2 -3.3.3.3", PlanMode.Healthy },
        // WhenLineDown: Withdraw: the line's records go, so the provider answers from the default line.
        { "withdraw deletes the line's records", "1.1.1.1=D", "1.1.1.1", "2.2.2.2", LineDownPolicy.Withdraw, false, "-1.1.1.1", PlanMode.Withdrawn },
        { "withdrawn line stays empty", "1.1.1.1=D", "", "2.2.2.2", LineDownPolicy.Withdraw, false, "", PlanMode.Withdrawn },
        { "withdrawn line back", "1.1.1.1=U", "", "1.1.1.1 2.2.2.2", LineDownPolicy.Withdraw, false, "+1.1.1.1", PlanMode.Healthy },
        // Not yet confirmed: nothing removed, nothing unconfirmed added.
        { "start-up: own Unknown, empty line stays empty", "1.1.1.1=?", "", "2.2.2.2", LineDownPolicy.Default, false, "", PlanMode.Holding },
        { "own Unknown after Down: fallback held", "1.1.1.1=? 4.4.4.4=D", "2.2.2.2", "2.2.2.2", LineDownPolicy.Default, false, "", PlanMode.Holding },
        { "nothing discovered: held", "", "1.1.1.1", "2.2.2.2", LineDownPolicy.Default, false, "", PlanMode.NothingDiscovered },
        // Frozen: no line changes, neither to fallback nor back, whatever the policy.
        { "frozen: own Down does not fall back", "1.1.1.1=D", "1.1.1.1", "2.2.2.2", LineDownPolicy.Default, true, "", PlanMode.Frozen },
        { "frozen: withdraw does not delete", "1.1.1.1=D", "1.1.1.1", "2.2.2.2", LineDownPolicy.Withdraw, true, "", PlanMode.Frozen },
        { "frozen: own Up is not added back", "1.1.1.1=U", "2.2.2.2", "1.1.1.1 2.2.2.2", LineDownPolicy.Default, true, "", PlanMode.Frozen },
        // Every line of the target down and the default line's WhenAllDown: PublishAll lends every address.
        { "all down: the default line's PublishAll set is lent", "1.1.1.1=D", "1.1.1.1", "1.1.1.1 2.2.2.2 3.3.3.3", LineDownPolicy.Default, false, "+2.2.2.2 +3.3.3.3 -1.1.1.1", PlanMode.Fallback },
        // The line's own vantages see its source dead while the target's see it Up: the default set, without it.
        { "fallback leaves out the address the line sees dead", "3.3.3.3=D", "3.3.3.3", "1.1.1.1 2.2.2.2 3.3.3.3", LineDownPolicy.Default, false, "+1.1.1.1 +2.2.2.2 -3.3.3.3", PlanMode.Fallback },
        { "fallback is only the line's own dead address: held", "3.3.3.3=D", "3.3.3.3", "3.3.3.3", LineDownPolicy.Default, false, "", PlanMode.Holding },
        { "all down: an empty default set leaves the line as it is", "1.1.1.1=D", "1.1.1.1", "", LineDownPolicy.Default, false, "", PlanMode.Holding },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_Line_ProducesExpectedChanges(string rule, string endpoints, string actual, string fallback, LineDownPolicy policy, bool frozen, string expected, PlanMode mode)
    {
        var plan = RecordSetPlanner.Plan(new PlanInput(
            RecordSetPlannerTests.ParseEndpoints(endpoints),
            RecordSetPlannerTests.ParseRecords(actual),
            600,
            WhenAllDownPolicy.PublishAll,
            Frozen: frozen,
            Fallback: [.. fallback.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse)],
            WhenLineDown: policy));

        Assert.True(expected == RecordSetPlannerTests.Describe(plan.Changes), $"{rule}: got '{RecordSetPlannerTests.Describe(plan.Changes)}'");
        Assert.Equal(mode, plan.Mode);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_Line_IsNeverEmptyOnTheWayUnlessWithdrawn(string rule, string endpoints, string actual, string fallback, LineDownPolicy policy, bool frozen, string expected, PlanMode mode)
    {
        _ = (expected, mode);
        var records = RecordSetPlannerTests.ParseRecords(actual);
        var plan = RecordSetPlanner.Plan(new PlanInput(
            RecordSetPlannerTests.ParseEndpoints(endpoints),
            records,
            600,
            WhenAllDownPolicy.PublishAll,
            Frozen: frozen,
            Fallback: [.. fallback.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse)],
            WhenLineDown: policy));

        var published = records.Count(r => r.Enabled);
        foreach (var change in plan.Changes)
        {
            published += change.Kind == RecordChangeKind.Add ? 1 : change.Kind == RecordChangeKind.Delete ? -1 : 0;
            var last = ReferenceEquals(change, plan.Changes[^1]);
            Assert.True(published > 0 || (plan.Mode == PlanMode.Withdrawn && last) || !records.Any(r => r.Enabled), $"{rule}: the line is empty after {change}");
        }
    }
}
