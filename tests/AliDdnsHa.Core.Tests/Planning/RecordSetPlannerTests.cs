// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using AliDdnsHa.Planning;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Core.Tests.Planning;

public sealed class RecordSetPlannerTests
{
    /// <summary>
    /// Endpoints are written "address=U|D|?" (Up, Down, Unknown); actual records "address" or "address@ttl" or "address!"
    /// (disabled); the expected plan as "+a ~a -a" in order, and the mode.
    /// </summary>
    public static TheoryData<string, string, string, WhenAllDownPolicy, string, PlanMode> Cases => new()
    {
        // Healthy set equals actual: nothing to do.
        { "steady state is a noop", "1.1.1.1=U 2.2.2.2=U", "1.1.1.1 2.2.2.2", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
        // A new address is published only once Up.
        { "Up address is added", "1.1.1.1=U 2.2.2.2=U", "1.1.1.1", WhenAllDownPolicy.PublishAll, "+2.2.2.2", PlanMode.Healthy },
        { "Unknown address is not added", "1.1.1.1=U 2.2.2.2=?", "1.1.1.1", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
        { "Down address is not added", "1.1.1.1=U 2.2.2.2=D", "1.1.1.1", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
        // A published address is removed only once confirmed Down.
        { "published Unknown address is kept", "1.1.1.1=U 2.2.2.2=?", "1.1.1.1 2.2.2.2", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
        { "published Down address is removed", "1.1.1.1=U 2.2.2.2=D", "1.1.1.1 2.2.2.2", WhenAllDownPolicy.PublishAll, "-2.2.2.2", PlanMode.Healthy },
        // Adds come before deletes (make-before-break).
        { "swap adds first", "1.1.1.1=D 2.2.2.2=U", "1.1.1.1", WhenAllDownPolicy.PublishAll, "+2.2.2.2 -1.1.1.1", PlanMode.Healthy },
        // The target owns its name: values no endpoint claims are removed (drift, moved sources).
        { "foreign value is removed", "1.1.1.1=U", "1.1.1.1 9.9.9.9", WhenAllDownPolicy.PublishAll, "-9.9.9.9", PlanMode.Healthy },
        { "moved source: old value removed, new Up added", "3.3.3.3=U", "1.1.1.1", WhenAllDownPolicy.PublishAll, "+3.3.3.3 -1.1.1.1", PlanMode.Healthy },
        // Output is sorted numerically, not as text.
        { "sorted numerically", "10.0.0.10=U 10.0.0.9=U 10.0.0.1=U", "", WhenAllDownPolicy.PublishAll, "+10.0.0.1 +10.0.0.9 +10.0.0.10", PlanMode.Healthy },
        // All Down: the three policies.
        { "all down PublishAll publishes every address", "1.1.1.1=D 2.2.2.2=D 3.3.3.3=D", "1.1.1.1", WhenAllDownPolicy.PublishAll, "+2.2.2.2 +3.3.3.3", PlanMode.AllDown },
        { "all down PublishAll removes foreign", "1.1.1.1=D", "1.1.1.1 9.9.9.9", WhenAllDownPolicy.PublishAll, "-9.9.9.9", PlanMode.AllDown },
        { "all down KeepLast leaves the set", "1.1.1.1=D 2.2.2.2=D", "1.1.1.1 9.9.9.9", WhenAllDownPolicy.KeepLast, "", PlanMode.AllDown },
        { "all down KeepLast on empty set stays empty", "1.1.1.1=D", "", WhenAllDownPolicy.KeepLast, "", PlanMode.AllDown },
        { "all down Empty removes all", "1.1.1.1=D 2.2.2.2=D", "1.1.1.1 2.2.2.2", WhenAllDownPolicy.Empty, "-1.1.1.1 -2.2.2.2", PlanMode.AllDown },
        // Never emptied by accident: the last record stays while nothing is confirmed Up.
        { "no Up but Unknown: hold last record", "1.1.1.1=D 2.2.2.2=?", "1.1.1.1", WhenAllDownPolicy.PublishAll, "", PlanMode.Holding },
        { "no Up but Unknown with Empty policy: hold", "1.1.1.1=D 2.2.2.2=?", "1.1.1.1", WhenAllDownPolicy.Empty, "", PlanMode.Holding },
        { "nothing discovered: hold", "", "1.1.1.1", WhenAllDownPolicy.PublishAll, "", PlanMode.NothingDiscovered },
        { "start-up: all Unknown, empty set: nothing", "1.1.1.1=? 2.2.2.2=?", "", WhenAllDownPolicy.PublishAll, "", PlanMode.Holding },
        // Several endpoints (ports or sources) on one address: Up if any is Up, Down only if all are.
        { "address Up if any endpoint Up", "1.1.1.1=D 1.1.1.1=U", "", WhenAllDownPolicy.PublishAll, "+1.1.1.1", PlanMode.Healthy },
        { "address kept while one endpoint Unknown", "2.2.2.2=U 1.1.1.1=D 1.1.1.1=?", "1.1.1.1 2.2.2.2", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
        // TTL drift is an update; duplicates are reduced to one record.
        { "ttl drift is updated", "1.1.1.1=U", "1.1.1.1@300", WhenAllDownPolicy.PublishAll, "~1.1.1.1", PlanMode.Healthy },
        { "duplicate record is deleted", "1.1.1.1=U", "1.1.1.1 1.1.1.1", WhenAllDownPolicy.PublishAll, "-1.1.1.1", PlanMode.Healthy },
        // A locked record (written "address#") is pinned: never deleted or updated; the rest follows health around it.
        { "locked Down address stays, the rest follows", "1.1.1.1=U 2.2.2.2=D 3.3.3.3=D", "1.1.1.1 2.2.2.2# 3.3.3.3", WhenAllDownPolicy.PublishAll, "-3.3.3.3", PlanMode.Healthy },
        { "locked record with another TTL is not updated", "1.1.1.1=U", "1.1.1.1@300#", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
        { "of duplicates the locked one is kept", "1.1.1.1=U", "1.1.1.1 1.1.1.1#", WhenAllDownPolicy.PublishAll, "-1.1.1.1", PlanMode.Healthy },
        { "locked foreign value stays", "1.1.1.1=U", "1.1.1.1 9.9.9.9#", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
        // Disabled records count as not published and are left alone.
        { "disabled record is not published", "1.1.1.1=U", "1.1.1.1!", WhenAllDownPolicy.PublishAll, "+1.1.1.1", PlanMode.Healthy },
        { "disabled foreign record is left alone", "1.1.1.1=U", "1.1.1.1 9.9.9.9!", WhenAllDownPolicy.PublishAll, "", PlanMode.Healthy },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_Rules_ProduceExpectedChanges(string rule, string endpoints, string actual, WhenAllDownPolicy policy, string expected, PlanMode mode)
    {
        var plan = RecordSetPlanner.Plan(new PlanInput(ParseEndpoints(endpoints), ParseRecords(actual), 600, policy));

        Assert.True(expected == Describe(plan.Changes), $"{rule}: expected '{expected}', got '{Describe(plan.Changes)}'");
        Assert.Equal(mode, plan.Mode);
        Assert.Equal(plan.Changes.Count == 0, plan.IsNoop);
    }

    /// <summary>RemoveMode Disable: Down addresses are disabled, recovered ones enabled (keeping the record).</summary>
    public static TheoryData<string, string, string, string> DisableCases => new()
    {
        { "Down address is disabled", "1.1.1.1=U 2.2.2.2=D", "1.1.1.1 2.2.2.2", "-2.2.2.2!" },
        { "recovered address is enabled, not added", "1.1.1.1=U 2.2.2.2=U", "1.1.1.1 2.2.2.2!", "+2.2.2.2!" },
        { "enable comes before disable", "1.1.1.1=D 2.2.2.2=U", "1.1.1.1 2.2.2.2!", "+2.2.2.2! -1.1.1.1!" },
        { "new address without a record is added", "1.1.1.1=U 3.3.3.3=U", "1.1.1.1", "+3.3.3.3" },
        { "duplicate is still deleted", "1.1.1.1=U", "1.1.1.1 1.1.1.1", "-1.1.1.1" },
        { "enabled record with old ttl is updated too", "1.1.1.1=U 2.2.2.2=U", "1.1.1.1 2.2.2.2@300!", "+2.2.2.2! ~2.2.2.2" },
        { "disabled and Down stays disabled", "1.1.1.1=U 2.2.2.2=D", "1.1.1.1 2.2.2.2!", "" },
        { "locked Down address is not disabled", "1.1.1.1=U 2.2.2.2=D", "1.1.1.1 2.2.2.2#", "" },
        { "locked disabled record is not enabled: a new one is added", "1.1.1.1=U 2.2.2.2=U", "1.1.1.1 2.2.2.2!#", "+2.2.2.2" },
    };

    [Fact]
    public void Plan_LockedDownAddress_IsReportedAsPinned()
    {
        var plan = RecordSetPlanner.Plan(new PlanInput(ParseEndpoints("1.1.1.1=U 2.2.2.2=D"), ParseRecords("1.1.1.1 2.2.2.2#"), 600, WhenAllDownPolicy.PublishAll));

        Assert.Equal([IPAddress.Parse("2.2.2.2")], plan.LockedOut);
        Assert.Equal([IPAddress.Parse("1.1.1.1")], plan.Desired);
        Assert.Contains("! 2.2.2.2 (cannot withdraw: locked)", plan.Describe("home.example.com"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DisableCases))]
    public void Plan_DisableMode_DisablesAndEnables(string rule, string endpoints, string actual, string expected)
    {
        var plan = RecordSetPlanner.Plan(new PlanInput(ParseEndpoints(endpoints), ParseRecords(actual), 600, WhenAllDownPolicy.PublishAll, RemoveMode.Disable));

        Assert.True(expected == Describe(plan.Changes), $"{rule}: expected '{expected}', got '{Describe(plan.Changes)}'");
    }

    [Fact]
    public void Plan_SameInputInAnyOrder_GivesIdenticalPlan()
    {
        var endpoints = ParseEndpoints("10.0.0.3=U 10.0.0.1=U 10.0.0.2=D 10.0.0.4=U");
        var actual = ParseRecords("10.0.0.2 10.0.0.9 10.0.0.1");

        var a = RecordSetPlanner.Plan(new PlanInput(endpoints, actual, 600, WhenAllDownPolicy.PublishAll));
        var b = RecordSetPlanner.Plan(new PlanInput([.. endpoints.AsEnumerable().Reverse()], [.. actual.AsEnumerable().Reverse()], 600, WhenAllDownPolicy.PublishAll));

        Assert.Equal(a.Describe("t"), b.Describe("t"));
        Assert.Equal("+10.0.0.3 +10.0.0.4 -10.0.0.2 -10.0.0.9", Describe(a.Changes));
        Assert.Equal(["10.0.0.1", "10.0.0.3", "10.0.0.4"], a.Desired.Select(d => d.ToString()));
    }

    [Fact]
    public void Plan_DeletesCarryTheRecordToDelete()
    {
        var actual = new[] { new DnsRecord("id-7", IPAddress.Parse("1.1.1.1"), 600), new DnsRecord("id-8", IPAddress.Parse("2.2.2.2"), 600) };

        var plan = RecordSetPlanner.Plan(new PlanInput(ParseEndpoints("1.1.1.1=U 2.2.2.2=D"), actual, 600, WhenAllDownPolicy.PublishAll));

        var delete = Assert.Single(plan.Changes);
        Assert.Equal(RecordChangeKind.Delete, delete.Kind);
        Assert.Equal("id-8", delete.Existing!.Id);
    }

    [Fact]
    public void Plan_NeverDeletesLastRecordUnlessEmptyPolicy()
    {
        // Every combination of states over three addresses and a published subset: the set only ends empty under Empty.
        var states = new[] { EndpointHealth.Unknown, EndpointHealth.Up, EndpointHealth.Down };
        var addresses = new[] { "1.1.1.1", "2.2.2.2", "3.3.3.3" };
        foreach (var (policy, mode) in Enum.GetValues<WhenAllDownPolicy>().SelectMany(p => Enum.GetValues<RemoveMode>().Select(m => (p, m))))
        {
            for (var combo = 0; combo < 27; combo++)
            {
                for (var publishedMask = 1; publishedMask < 8; publishedMask++)
                {
                    var endpoints = addresses.Select((a, i) => new EndpointSnapshot("s" + i, IPAddress.Parse(a), 80, states[combo / (int)Math.Pow(3, i) % 3])).ToList();
                    var actual = addresses.Where((_, i) => (publishedMask & (1 << i)) != 0).Select(a => new DnsRecord(a, IPAddress.Parse(a), 600)).ToList();

                    var plan = RecordSetPlanner.Plan(new PlanInput(endpoints, actual, 600, policy, mode));

                    var ends = actual.Count + plan.Changes.Count(c => c.Kind == RecordChangeKind.Add) - plan.Changes.Count(c => c.Kind is RecordChangeKind.Delete or RecordChangeKind.Disable);
                    Assert.True(ends > 0 || policy == WhenAllDownPolicy.Empty, $"{policy} combo {combo} mask {publishedMask} empties the set");

                    // Applying in order never passes through an empty set either.
                    var running = actual.Count;
                    foreach (var change in plan.Changes)
                    {
                        running += change.Kind switch { RecordChangeKind.Add or RecordChangeKind.Enable => 1, RecordChangeKind.Delete or RecordChangeKind.Disable => -1, _ => 0 };
                        Assert.True(running > 0 || policy == WhenAllDownPolicy.Empty || change == plan.Changes[^1] && ends == 0);
                    }
                }
            }
        }
    }

    internal static string Describe(IEnumerable<RecordChange> changes) =>
        string.Join(' ', changes.Select(c => c.Kind switch
        {
            RecordChangeKind.Add => $"+{c.Address}",
            RecordChangeKind.Enable => $"+{c.Address}!",
            RecordChangeKind.Update => $"~{c.Address}",
            RecordChangeKind.Disable => $"-{c.Address}!",
            _ => $"-{c.Address}",
        }));

    internal static List<EndpointSnapshot> ParseEndpoints(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((e, i) =>
        {
            var (address, state) = (e.Split('=')[0], e.Split('=')[1]);
            return new EndpointSnapshot("s" + i, IPAddress.Parse(address), 443, state switch { "U" => EndpointHealth.Up, "D" => EndpointHealth.Down, _ => EndpointHealth.Unknown });
        })];

    internal static List<DnsRecord> ParseRecords(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((r, i) =>
        {
            var locked = r.EndsWith('#');
            r = r.TrimEnd('#');
            var disabled = r.EndsWith('!');
            var parts = r.TrimEnd('!').Split('@');
            return new DnsRecord($"id{i}", IPAddress.Parse(parts[0]), parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 600, !disabled, locked);
        })];
}
