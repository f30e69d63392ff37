// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Bench;

/// <summary>The controller's HTTP port under a LAN attack (<see cref="LanAttack"/>) while it does its job: failover of
/// 10 targets at the Alidns emulator, measured before and during the attack, with the controller's CPU, log growth and
/// RSS over the attack.</summary>
internal static class AttackBenchmark
{
    private const int Targets = 10;
    private const string Zone = BenchAlidns.Zone;
    private const string User = "prometheus";
    private const string Password = "c0rrect-h0rse-battery";

    public static async Task<string> RunAsync(string binary, TimeSpan attackFor)
    {
        using var emulator = BenchAlidns.Create();
        var clock = Stopwatch.StartNew();
        var changes = new ConcurrentQueue<(TimeSpan At, string Rr, IReadOnlyList<string> Values)>();
        emulator.OnChange = (_, rr, _, values) => changes.Enqueue((clock.Elapsed, rr, values));
        var stay = Enumerable.Range(0, Targets).Select(i => new LoopbackListener(IPAddress.Parse($"127.21.0.{i + 1}"))).ToList();
        var flap = Enumerable.Range(0, Targets).Select(i => new LoopbackListener(IPAddress.Parse($"127.21.0.{i + 101}"))).ToList();
        var folder = Directory.CreateTempSubdirectory("aliddnsha-bench-attack-").FullName;
        long logBytes = 0, logLines = 0, refusalBytes = 0, refusalLines = 0;
        try
        {
            var port = ScaleBenchmark.Free();
            var web = Path.Combine(folder, "web.yml");
            await File.WriteAllTextAsync(web, $"basic_auth_users:\n  {User}: {await Htpasswd.HashAsync(User, Password)}\n");
            var yaml = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Urls: http://127.0.0.1:{port}\nWeb: {{ ConfigFile: \"{web}\" }}\n"));
            yaml.Append(BenchAlidns.ConfigHeader(emulator).Split('\n', 3)[2]); // the provider and "Targets:", at the default log level
            for (var i = 0; i < Targets; i++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - {{ Name: h{i}.{Zone}, Zone: {Zone}, Provider: ali, Ttl: 600, Probe: {{ Interval: 1s, FastInterval: 1s, Timeout: 500ms }}, Sources: [ {{ Name: a, Address: {stay[i].Address}, Port: {stay[i].Port} }}, {{ Name: b, Address: {flap[i].Address}, Port: {flap[i].Port} }} ] }}\n");
            }

            await File.WriteAllTextAsync(Path.Combine(folder, "config.yaml"), yaml.ToString());
            using var controller = new ControllerProcess(binary, Path.Combine(folder, "config.yaml"), folder, line =>
            {
                Interlocked.Add(ref logBytes, Encoding.UTF8.GetByteCount(line) + 1);
                Interlocked.Increment(ref logLines);
                if (line.Contains("AliDdnsHa.Web.RefusalLog", StringComparison.Ordinal))
                {
                    Interlocked.Add(ref refusalBytes, Encoding.UTF8.GetByteCount(line) + 1);
                    Interlocked.Increment(ref refusalLines);
                }
            });
            await FailoverBenchmark.UntilAsync(() => Enumerable.Range(0, Targets).All(i => emulator.Values(Zone, $"h{i}").Count == 2), TimeSpan.FromSeconds(120));
            var baseUrl = new Uri($"http://127.0.0.1:{port}/");

            // Quiet: two rounds of failover and recovery, with the CPU and log they cost.
            var quietCpu = controller.CpuSeconds;
            var quietLog = Interlocked.Read(ref logBytes);
            var quietWatch = Stopwatch.StartNew();
            List<double> quiet = [];
            for (var round = 0; round < 2; round++)
            {
                quiet.AddRange(await FlapAsync(emulator, flap, changes, clock, new Random(round)));
            }

            var quietSeconds = quietWatch.Elapsed.TotalSeconds;
            var quietCores = (controller.CpuSeconds - quietCpu) / quietSeconds;
            var quietLogRate = (Interlocked.Read(ref logBytes) - quietLog) / quietSeconds;
            var idleRss = controller.Memory.Rss;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  attack: quiet failover median {Stats.Median(quiet):F2} s, {quietCores:F3} cores, {quietLogRate:F0} B/s log, {idleRss:F0} MB"));

            // Attacked: the attack runs for its whole span; failover rounds run in it from its 10th second.
            var attack = new LanAttack(baseUrl, User);
            using var stop = new CancellationTokenSource(attackFor);
            var cpuBefore = controller.CpuSeconds;
            var logBefore = Interlocked.Read(ref logBytes);
            var linesBefore = Interlocked.Read(ref logLines);
            var refusalBytesBefore = Interlocked.Read(ref refusalBytes);
            var refusalLinesBefore = Interlocked.Read(ref refusalLines);
            var watch = Stopwatch.StartNew();
            var attacking = attack.RunAsync(stop.Token);
            var peakRss = 0.0;
            var sampling = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peakRss = Math.Max(peakRss, controller.Memory.Rss);
                    await Task.Delay(500, CancellationToken.None);
                }
            });
            await Task.Delay(TimeSpan.FromSeconds(10));
            List<double> attacked = [];
            for (var round = 0; watch.Elapsed < attackFor - TimeSpan.FromSeconds(30) || round < 2; round++)
            {
                attacked.AddRange(await FlapAsync(emulator, flap, changes, clock, new Random(100 + round)));
            }

            await attacking;
            await sampling;
            var seconds = watch.Elapsed.TotalSeconds;
            var cores = (controller.CpuSeconds - cpuBefore) / seconds;
            var logRate = (Interlocked.Read(ref logBytes) - logBefore) / seconds;
            var lines = Interlocked.Read(ref logLines) - linesBefore;
            var refusalLog = (Lines: Interlocked.Read(ref refusalLines) - refusalLinesBefore, Bytes: Interlocked.Read(ref refusalBytes) - refusalBytesBefore);
            var health = attack.HealthSeconds.ToList();
            var refused = await RefusedAsync(baseUrl);
            Console.WriteLine($"  attack: {string.Join(", ", attack.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"))}; {refused}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  attack: failover median {Stats.Median(attacked):F2} s, {cores:F3} cores, {logRate:F0} B/s log, peak {peakRss:F0} MB, /healthz max {health.Max():F3} s"));

            var report = new StringBuilder();
            report.AppendLine("| | quiet | under attack | target |");
            report.AppendLine("|---|---|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| failover, median (p95, trials) | {Stats.Median(quiet):F2} s ({Stats.Percentile(quiet, 0.95):F2} s, {quiet.Count}) | {Stats.Median(attacked):F2} s ({Stats.Percentile(attacked, 0.95):F2} s, {attacked.Count}) | ≤ 1.5 × quiet = {1.5 * Stats.Median(quiet):F2} s |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| controller CPU | {quietCores:F3} cores | {cores:F3} cores | < 0.5 core |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| log growth | {quietLogRate:F0} B/s | {logRate:F0} B/s ({lines} lines in {seconds:F0} s; the failover rounds write most of them, the attack's refusals {refusalLog.Lines} lines, {refusalLog.Bytes / seconds:F1} B/s) | ≤ 2 KB/s |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| RSS | {idleRss:F0} MB | peak {peakRss:F0} MB | ≤ 150 MB |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| `/healthz` from 127.0.0.1, twice a second | | {health.Count(h => h >= 0)} answers, {attack.Counts.GetValueOrDefault("health failed")} failed; median {Stats.Median(health) * 1000:F1} ms, max {health.Max() * 1000:F0} ms | every answer < 1 s |");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"What the attacker got back over {seconds:F0} s: {string.Join(", ", attack.Counts.Where(c => !c.Key.StartsWith("health", StringComparison.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value:N0}"))}. The controller's `aliddnsha_http_requests_refused_total`: {refused}.");
            return report.ToString();
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

    /// <summary>Closes every flapping line at random moments over 2 s, waits until each is removed, reopens them and
    /// waits until each is back; returns the failover times (closed → removed at the emulator).</summary>
    private static async Task<List<double>> FlapAsync(AliDdnsHa.Testing.AlidnsEmulator emulator, List<LoopbackListener> flap, ConcurrentQueue<(TimeSpan At, string Rr, IReadOnlyList<string> Values)> changes, Stopwatch clock, Random random)
    {
        var closedAt = new TimeSpan[Targets];
        foreach (var i in Enumerable.Range(0, Targets).OrderBy(_ => random.Next()))
        {
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 2.0 / Targets));
            flap[i].Close();
            closedAt[i] = clock.Elapsed;
        }

        await FailoverBenchmark.UntilAsync(() => Enumerable.Range(0, Targets).All(i => emulator.Values(Zone, $"h{i}").Count == 1), TimeSpan.FromSeconds(120));
        var failovers = Enumerable.Range(0, Targets)
            .Select(i => (changes.First(c => c.Rr == $"h{i}" && c.At >= closedAt[i] && !c.Values.Contains(flap[i].Address.ToString())).At - closedAt[i]).TotalSeconds)
            .ToList();
        foreach (var listener in flap)
        {
            listener.Open();
        }

        await FailoverBenchmark.UntilAsync(() => Enumerable.Range(0, Targets).All(i => emulator.Values(Zone, $"h{i}").Count == 2), TimeSpan.FromSeconds(120));
        return failovers;
    }

    private static async Task<string> RefusedAsync(Uri baseUrl)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "/metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var series = text.Split('\n').Where(l => l.StartsWith("aliddnsha_http_requests_refused_total{", StringComparison.Ordinal))
            .Select(l => l["aliddnsha_http_requests_refused_total".Length..]);
        return response.IsSuccessStatusCode ? string.Join(", ", series) : $"scrape failed ({(int)response.StatusCode})";
    }

}
