// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Bench;

/// <summary>API calls in steady state against the Alidns emulator: 20 targets, nothing changing, ResyncInterval 10s so a
/// short window holds several resyncs; the calls per target per resync give the rate at any ResyncInterval.</summary>
internal static class EconomyBenchmark
{
    private const int Targets = 20;

    public static async Task<string> RunAsync(string binary, TimeSpan window)
    {
        using var emulator = BenchAlidns.Create();
        var listeners = Enumerable.Range(0, Targets).Select(i => new LoopbackListener(IPAddress.Parse($"127.21.0.{i + 1}"))).ToList();
        var folder = Directory.CreateTempSubdirectory("aliddnsha-bench-economy-").FullName;
        try
        {
            var yaml = new StringBuilder(BenchAlidns.ConfigHeader(emulator));
            for (var i = 0; i < Targets; i++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - {{ Name: h{i}.{BenchAlidns.Zone}, Zone: {BenchAlidns.Zone}, Provider: ali, Ttl: 600, ResyncInterval: 10s, Sources: [ {{ Name: a, Address: {listeners[i].Address}, Port: {listeners[i].Port} }} ] }}\n");
            }

            await File.WriteAllTextAsync(Path.Combine(folder, "config.yaml"), yaml.ToString());
            using var controller = new ControllerProcess(binary, Path.Combine(folder, "config.yaml"), folder);
            await FailoverBenchmark.UntilAsync(() => Enumerable.Range(0, Targets).All(i => emulator.Values(BenchAlidns.Zone, $"h{i}").Count == 1), TimeSpan.FromSeconds(120));
            await Task.Delay(TimeSpan.FromSeconds(2));

            var before = emulator.Requests.Count;
            var clock = Stopwatch.StartNew();
            await Task.Delay(window);
            var calls = emulator.Requests.Skip(before).ToList();
            var seconds = clock.Elapsed.TotalSeconds;
            var perTargetPerResync = calls.Count / (double)Targets / (seconds / 10);
            var writes = calls.Count(c => c.Action is not ("DescribeSubDomainRecords" or "DescribeDomainInfo" or "GetMainDomainName"));
            return string.Create(CultureInfo.InvariantCulture, $"""
                | measured | value |
                |---|---|
                | window, targets | {seconds:F0} s, {Targets} targets, nothing changing, ResyncInterval 10s |
                | calls in the window | {calls.Count} ({string.Join(", ", calls.GroupBy(c => c.Action).Select(g => $"{g.Key} {g.Count()}"))}); writes: {writes} |
                | calls per target per resync | {perTargetPerResync:F2} |
                | → per target per hour at the default ResyncInterval 5m | {perTargetPerResync * 12:F1} |
                | → cron script polling every minute (read, then write if changed) | ≥ 60 reads per name per hour |

                """);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
