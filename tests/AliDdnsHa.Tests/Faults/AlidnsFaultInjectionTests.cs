// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Faults;

/// <summary>Faults injected at the Alidns emulator while an endpoint fails over: the record set is never emptied, the
/// dead address is gone within the failover bound plus the retry budget after the faults stop, and the set converges to
/// the healthy set with nothing lost or duplicated.</summary>
public sealed class AlidnsFaultInjectionTests
{
    public static TheoryData<string> Storms => ["timeouts", "5xx", "throttling", "connection resets"];

    [Theory]
    [MemberData(nameof(Storms))]
    public async Task FaultStormDuringFailover_NeverEmpties_AndConvergesAfter(string storm)
    {
        await using var h = new FaultHarness(3, "127.0.0.111", context: $"[{storm}] ");
        await h.StartAsync();
        await h.ConvergedAsync();
        var before = h.Emulator.Received;

        Inject(h.Emulator, storm);
        h.Close(0);
        await h.UntilAsync(() => h.Target!.ProviderFailing, TimeSpan.FromSeconds(30), "the controller to feel the faults");
        await h.UntilAsync(() => h.Emulator.Received >= before + 6, TimeSpan.FromSeconds(30), "several faulty answers");
        Assert.Contains(h.Listeners[0].Address.ToString(), h.Emulator.Values(FaultHarness.Zone, FaultHarness.Rr)); // left as it stands
        h.Emulator.ClearFaults();
        h.Checker.FaultsCleared();

        await h.ConvergedAsync();
        h.Checker.AssertNeverEmptyAfterFirstPublish();
        h.Checker.AssertClosedRemovedWithin(FaultHarness.RemovalBound);
        h.Checker.AssertConverged(h.Emulator, FaultHarness.Zone, FaultHarness.Rr, h.Open);
    }

    [Fact]
    public async Task PartialFailureMidPlan_AddLandsDeleteFails_ConvergesWithoutDuplicates()
    {
        await using var h = new FaultHarness(3, "127.0.0.121", context: "[partial] ");
        h.Close(2);
        await h.StartAsync();
        await h.ConvergedAsync();

        h.Emulator.Fail("InternalError", 500, count: 1000, action: "DeleteDomainRecord");
        h.Reopen(2);
        h.Close(0); // the plan now adds .123 and deletes .121: the add lands, every delete fails
        await h.UntilAsync(() => h.Emulator.Values(FaultHarness.Zone, FaultHarness.Rr).Count == 3, TimeSpan.FromSeconds(30), "the add to land");
        await h.UntilAsync(() => h.Target!.ProviderFailing, TimeSpan.FromSeconds(30), "the delete to fail");
        var failing = h.Emulator.Received;
        await h.UntilAsync(() => h.Emulator.Received >= failing + 6, TimeSpan.FromSeconds(30), "several more failed attempts");
        h.Emulator.ClearFaults();
        h.Checker.FaultsCleared();

        await h.ConvergedAsync();
        Assert.Equal(1, h.Emulator.Count("AddDomainRecord") - 2); // one add for .123 after the initial two: never repeated
        h.Checker.AssertNeverEmptyAfterFirstPublish();
        h.Checker.AssertClosedRemovedWithin(FaultHarness.RemovalBound);
        h.Checker.AssertConverged(h.Emulator, FaultHarness.Zone, FaultHarness.Rr, h.Open);
    }

    [Theory]
    [InlineData("AddDomainRecord")]
    [InlineData("DeleteDomainRecord")]
    public async Task ControllerKilledMidReconcile_AndRestarted_ConvergesWithoutDuplicates(string action)
    {
        await using var h = new FaultHarness(3, action == "AddDomainRecord" ? "127.0.0.131" : "127.0.0.141", context: $"[killed in {action}] ");
        if (action == "AddDomainRecord")
        {
            h.Close(2);
        }

        h.StartProcess();
        await h.ConvergedAsync(TimeSpan.FromSeconds(60));
        var sent = h.Emulator.Count(action);

        // The write reaches the service and is held there; the controller is killed while it waits for the answer.
        h.Emulator.Slow(TimeSpan.FromSeconds(2), count: 1, action: action);
        if (action == "AddDomainRecord")
        {
            h.Reopen(2);
        }
        else
        {
            h.Close(0);
        }

        await h.UntilAsync(() => h.Emulator.Count(action) > sent, TimeSpan.FromSeconds(30), $"{action} in flight");
        await h.KillProcessAsync();
        h.StartProcess();

        await h.ConvergedAsync(TimeSpan.FromSeconds(60));
        h.Checker.AssertNeverEmptyAfterFirstPublish();
        h.Checker.AssertConverged(h.Emulator, FaultHarness.Zone, FaultHarness.Rr, h.Open);
    }

    [Fact]
    public async Task ResolverFailing_KeepsTheLastKnownAddress_AndOtherFailoversStillHappen()
    {
        await using var h = new FaultHarness(3, "127.0.0.151", hostnameSource: "dns1.example.net", context: "[resolver] ");
        h.Dns.Set("dns1.example.net", h.Listeners[0].Address);
        await h.StartAsync();
        await h.ConvergedAsync();

        h.Dns.Failing = true;
        var queries = h.Dns.Queries;
        await h.UntilAsync(() => h.Dns.Queries >= queries + 3, TimeSpan.FromSeconds(30), "several failed lookups");
        h.Close(1);

        await h.ConvergedAsync(); // .151 (from the failing resolver) stays; .152 goes
        Assert.Equal([h.Listeners[0].Address.ToString(), h.Listeners[2].Address.ToString()], h.Emulator.Values(FaultHarness.Zone, FaultHarness.Rr));
        Assert.NotNull(h.Target!.GetStatus().Sources[0].LastError);
        h.Checker.AssertNeverEmptyAfterFirstPublish();
        h.Checker.AssertClosedRemovedWithin(FaultHarness.RemovalBound);
    }

    [Fact]
    public async Task ClockSkew_IsRefusedWithInvalidTimeStamp_AndConvergesOnceTheClockIsRight()
    {
        await using var h = new FaultHarness(3, "127.0.0.161", context: "[clock skew] ");
        await h.StartAsync();
        await h.ConvergedAsync();

        h.Emulator.ClockSkew = TimeSpan.FromMinutes(20);
        h.Close(0);
        await h.UntilAsync(() => h.Target!.GetStatus().LastReconcile?.ErrorCode == "InvalidTimeStamp.Expired", TimeSpan.FromSeconds(30), "InvalidTimeStamp.Expired");
        Assert.Contains("clock", h.Target!.GetStatus().LastReconcile!.Hint, StringComparison.Ordinal);
        Assert.Contains(h.Listeners[0].Address.ToString(), h.Emulator.Values(FaultHarness.Zone, FaultHarness.Rr));
        h.Emulator.ClockSkew = TimeSpan.Zero;
        h.Checker.FaultsCleared();

        await h.ConvergedAsync();
        h.Checker.AssertNeverEmptyAfterFirstPublish();
        h.Checker.AssertClosedRemovedWithin(FaultHarness.RemovalBound + TimeSpan.FromSeconds(2)); // + ResyncInterval: configuration errors wait for it
        h.Checker.AssertConverged(h.Emulator, FaultHarness.Zone, FaultHarness.Rr, h.Open);
    }

    private static void Inject(AlidnsEmulator emulator, string storm)
    {
        switch (storm)
        {
            case "timeouts":
                emulator.Slow(TimeSpan.FromSeconds(2), count: 1000);
                break;
            case "5xx":
                emulator.Fail("ServiceUnavailable", 503, count: 1000);
                break;
            case "throttling":
                emulator.Throttle(count: 1000, retryAfterMs: 50);
                break;
            case "connection resets":
                emulator.Drop(count: 1000);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(storm));
        }
    }
}
