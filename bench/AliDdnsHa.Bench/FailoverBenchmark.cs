// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Bench;

/// <summary>Failover and recovery time against the Alidns emulator: 20 targets of two lines each; one line per target
/// is closed at a random moment (so every probe phase is sampled), then reopened. Failover = listener closed → the
/// emulator has removed its record; recovery = listener reopened → the record is back. Also counts the API calls each
/// failover and recovery cost.</summary>
internal static class FailoverBenchmark
{
    private const int Targets = 20;
    private const string Zone = BenchAlidns.Zone;

    public sealed record Settings(string Label, string Probe, double Interval, double Fast, int Fall, int Rise);

    public static async Task<string> RunAsync(string binary, IReadOnlyList<Settings> settings, int runs)
    {
        var table = new StringBuilder();
        table.AppendLine("| probe settings | trials | failover p50 / p95 / max | bound | recovery p50 / p95 / max | bound | API calls per failover / recovery |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in settings)
        {
            List<double> failovers = [], recoveries = [], failoverCalls = [], recoveryCalls = [];
            var actions = new Dictionary<string, int>();
            for (var run = 0; run < runs; run++)
            {
                var result = await RunOnceAsync(binary, s, run);
                failovers.AddRange(result.Failovers);
                recoveries.AddRange(result.Recoveries);
                failoverCalls.Add(result.CallsPerFailover);
                recoveryCalls.Add(result.CallsPerRecovery);
                foreach (var (action, count) in result.Actions)
                {
                    actions[action] = actions.GetValueOrDefault(action) + count;
                }
            }

            // Refused connects fail at once: Down after the next scheduled probe plus (Fall - 1) fast probes; Up after the
            // next probe plus (Rise - 1) fast ones. The provider's calls come on top (milliseconds here).
            var failoverBound = s.Interval + ((s.Fall - 1) * s.Fast);
            var recoveryBound = s.Interval + ((s.Rise - 1) * s.Fast);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Label} | {failovers.Count} | {P(failovers, 0.5)} / {P(failovers, 0.95)} / {failovers.Max():F2} s | ≤ {failoverBound:F1} s | {P(recoveries, 0.5)} / {P(recoveries, 0.95)} / {recoveries.Max():F2} s | ≤ {recoveryBound:F1} s | {Stats.Median(failoverCalls):F1} / {Stats.Median(recoveryCalls):F1} ({string.Join(", ", actions.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value / (double)(2 * Targets * runs):F1}"))} per event) |");
        }

        return table.ToString();
    }

    private static string P(List<double> values, double p) => Stats.Percentile(values, p).ToString("F2", CultureInfo.InvariantCulture);

    private static async Task<(List<double> Failovers, List<double> Recoveries, double CallsPerFailover, double CallsPerRecovery, Dictionary<string, int> Actions)> RunOnceAsync(string binary, Settings s, int run)
    {
        using var emulator = BenchAlidns.Create();
        var clock = Stopwatch.StartNew();
        var changes = new ConcurrentQueue<(TimeSpan At, string Rr, IReadOnlyList<string> Values)>();
        emulator.OnChange = (_, rr, _, values) => changes.Enqueue((clock.Elapsed, rr, values));

        var stay = Enumerable.Range(0, Targets).Select(i => new LoopbackListener(IPAddress.Parse($"127.20.{run}.{i + 1}"))).ToList();
        var flap = Enumerable.Range(0, Targets).Select(i => new LoopbackListener(IPAddress.Parse($"127.20.{run}.{i + 101}"))).ToList();
        var folder = Directory.CreateTempSubdirectory("aliddnsha-bench-failover-").FullName;
        try
        {
            var yaml = new StringBuilder(BenchAlidns.ConfigHeader(emulator));
            for (var i = 0; i < Targets; i++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - {{ Name: h{i}.{Zone}, Zone: {Zone}, Provider: ali, Ttl: 600, Probe: {s.Probe}, Sources: [ {{ Name: a, Address: {stay[i].Address}, Port: {stay[i].Port} }}, {{ Name: b, Address: {flap[i].Address}, Port: {flap[i].Port} }} ] }}\n");
            }

            await File.WriteAllTextAsync(Path.Combine(folder, "config.yaml"), yaml.ToString());
            using var controller = new ControllerProcess(binary, Path.Combine(folder, "config.yaml"), folder);
            await UntilAsync(() => Enumerable.Range(0, Targets).All(i => emulator.Values(Zone, $"h{i}").Count == 2), TimeSpan.FromSeconds(120));

            // Close one line per target at random moments over two intervals; wait for every removal.
            var random = new Random(1000 + run);
            var closedAt = new TimeSpan[Targets];
            var callsBefore = emulator.Received;
            var requestsBefore = emulator.Requests.Count;
            var order = Enumerable.Range(0, Targets).OrderBy(_ => random.Next()).ToList();
            foreach (var i in order)
            {
                await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 2 * s.Interval / Targets));
                flap[i].Close();
                closedAt[i] = clock.Elapsed;
            }

            await UntilAsync(() => Enumerable.Range(0, Targets).All(i => emulator.Values(Zone, $"h{i}").Count == 1), TimeSpan.FromSeconds(120));
            var callsPerFailover = (emulator.Received - callsBefore) / (double)Targets;
            var failovers = Enumerable.Range(0, Targets).Select(i => (First(changes, $"h{i}", closedAt[i], v => !v.Contains(flap[i].Address.ToString())) - closedAt[i]).TotalSeconds).ToList();

            var reopenedAt = new TimeSpan[Targets];
            callsBefore = emulator.Received;
            foreach (var i in order)
            {
                await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 2 * s.Interval / Targets));
                flap[i].Open();
                reopenedAt[i] = clock.Elapsed;
            }

            await UntilAsync(() => Enumerable.Range(0, Targets).All(i => emulator.Values(Zone, $"h{i}").Count == 2), TimeSpan.FromSeconds(120));
            var callsPerRecovery = (emulator.Received - callsBefore) / (double)Targets;
            var recoveries = Enumerable.Range(0, Targets).Select(i => (First(changes, $"h{i}", reopenedAt[i], v => v.Contains(flap[i].Address.ToString())) - reopenedAt[i]).TotalSeconds).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  failover {s.Label}: run {run + 1}: failover median {Stats.Median(failovers):F2} s, recovery median {Stats.Median(recoveries):F2} s"));
            var actions = emulator.Requests.Skip(requestsBefore).GroupBy(r => r.Action).ToDictionary(g => g.Key, g => g.Count());
            return (failovers, recoveries, callsPerFailover, callsPerRecovery, actions);
        }
        finally
        {
            foreach (var listener in stay.Concat(flap))
            {
                listener.Dispose();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static TimeSpan First(ConcurrentQueue<(TimeSpan At, string Rr, IReadOnlyList<string> Values)> changes, string rr, TimeSpan after, Func<IReadOnlyList<string>, bool> predicate) =>
        changes.First(c => c.Rr == rr && c.At >= after && predicate(c.Values)).At;

    internal static async Task UntilAsync(Func<bool> condition, TimeSpan budget)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > budget)
            {
                throw new TimeoutException($"not reached within {budget.TotalSeconds} s");
            }

            await Task.Delay(10);
        }
    }
}
