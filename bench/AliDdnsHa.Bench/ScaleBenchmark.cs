// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AliDdnsHa.Bench;

/// <summary>Probe engine scale: N endpoints on loopback at Interval 1s, every one answering.</summary>
internal static class ScaleBenchmark
{
    /// <summary>The probe settings of issue 14's user trial.</summary>
    private const string Probe = "{ Interval: 1s, FastInterval: 500ms, Timeout: 800ms, FailureThreshold: 2, SuccessThreshold: 2 }";

    /// <summary>Extra top-level configuration for every run (for example a <c>Metrics</c> section).</summary>
    public static string ExtraYaml { get; set; } = "";

    public static async Task<string> RunAsync(string binary, int[] sizes, int runs, TimeSpan window)
    {
        var table = new StringBuilder();
        table.AppendLine("| endpoints | probes/s (at the listeners) | controller CPU s per 1,000 probes | listeners' CPU s per 1,000 probes | peak RSS | probe start jitter p50 / p99 / max | `GET /metrics` under load | body | series |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|");
        await AppendRowsAsync(table, "scale", binary, sizes, runs, window, "", null);
        return table.ToString();
    }

    /// <summary>The same load judged by one Blackbox vantage: a real blackbox_exporter on loopback asked once per probe.
    /// Reports the exporter's CPU beside the controller's, and the exporter round trip against a direct TCP connect.</summary>
    public static async Task<string> RunBlackboxAsync(string binary, int[] sizes, int runs, TimeSpan window)
    {
        await using var exporter = await AliDdnsHa.Testing.BlackboxExporter.StartAsync(null);
        const int RoundTrips = 400;
        var (direct, roundTrip) = await ExporterRoundTrip.MeasureAsync(exporter.Url, RoundTrips);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"One exporter round trip (`GET /probe`, module `tcp_connect`, to a loopback listener), {RoundTrips} sequential requests: median {Stats.Percentile(roundTrip, 0.5):F2} ms, p99 {Stats.Percentile(roundTrip, 0.99):F2} ms; a direct TCP connect from the same process: median {Stats.Percentile(direct, 0.5):F3} ms, p99 {Stats.Percentile(direct, 0.99):F3} ms.");
        table.AppendLine();
        table.AppendLine("| endpoints | probes/s (at the listeners) | controller CPU s per 1,000 probes | exporter CPU s per 1,000 probes | listeners' CPU s per 1,000 probes | controller peak RSS | probe start jitter p50 / p99 / max | `GET /metrics` under load | body | series |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        var vantages = $"Vantages:\n  vps: {{ Type: Blackbox, Url: \"{exporter.Url}\", Module: tcp_connect }}\n";
        await AppendRowsAsync(table, "blackbox", binary, sizes, runs, window, vantages, () => ControllerProcess.CpuSecondsOf(exporter.ProcessId));
        return table.ToString();
    }

    /// <summary>Runs each size <paramref name="runs"/> times and appends one row per size; with
    /// <paramref name="otherCpu"/>, a column for that other process's CPU per 1,000 probes.</summary>
    private static async Task AppendRowsAsync(
        StringBuilder table, string label, string binary, int[] sizes, int runs, TimeSpan window, string vantages, Func<double>? otherCpu)
    {
        foreach (var size in sizes)
        {
            List<RunResult> results = [];
            for (var run = 0; run < runs; run++)
            {
                var r = await RunOnceAsync(binary, size, window, vantages, otherCpu);
                results.Add(r);
                var other = otherCpu is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (exporter {r.OtherCpuPer1000:F3})");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} {size}: run {run + 1}: {r.Rate:F0} probes/s, {r.CpuPer1000:F3} CPU s/1000{other}, listeners {r.ListenerCpuPer1000:F3}, peak {r.PeakMb:F0} MB, jitter p99 {Stats.Percentile(r.JitterMs, 0.99):F1} ms, scrape {r.ScrapeSeconds:F2} s, {r.Series} series"));
            }

            List<double> Of(Func<RunResult, double> pick) => [.. results.Select(pick)];
            var otherColumn = otherCpu is null ? "" : $" {Stats.Spread(Of(r => r.OtherCpuPer1000), "F3")} |";
            table.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {Stats.Spread(Of(r => r.Rate), "F0")} | {Stats.Spread(Of(r => r.CpuPer1000), "F3")} |{otherColumn} {Stats.Spread(Of(r => r.ListenerCpuPer1000), "F3")} | {Stats.Spread(Of(r => r.PeakMb), "F0")} MB | {Stats.Spread(Of(r => Stats.Percentile(r.JitterMs, 0.5)), "F1")} / {Stats.Spread(Of(r => Stats.Percentile(r.JitterMs, 0.99)), "F1")} / {Stats.Spread(Of(r => r.JitterMs.Count == 0 ? double.NaN : r.JitterMs.Max()), "F0")} ms | {Stats.Spread(Of(r => r.ScrapeSeconds), "F2")} s | {Stats.Spread(Of(r => r.BodyMb), "F1")} MB | {Stats.Spread(Of(r => r.Series), "F0")} |");
        }
    }

    /// <summary>A real Prometheus scrapes the controller every 15 s with a 10 s timeout while N endpoints are probed;
    /// reports how its scrapes went, in its own words (<c>up</c>, <c>scrape_duration_seconds</c>).</summary>
    public static async Task<string> RunPrometheusAsync(string binary, int size, TimeSpan window)
    {
        var r = await RunOnceAsync(binary, size, window, whileMeasuring: async port =>
        {
            await using var prometheus = await AliDdnsHa.Testing.PrometheusServer.StartAsync(
                $"global: {{ scrape_interval: 15s, scrape_timeout: 10s }}\nscrape_configs:\n  - job_name: aliddnsha\n    static_configs: [ {{ targets: ['127.0.0.1:{port}'] }} ]\n",
                new Dictionary<string, string>(),
                CancellationToken.None);
            await Task.Delay(window - TimeSpan.FromSeconds(10));
            async Task<double> One(string query) => (await prometheus.QueryAsync(query, CancellationToken.None)).Select(x => x.Value).DefaultIfEmpty(double.NaN).First();
            var scrapes = await One("count_over_time(up{job=\"aliddnsha\"}[5m])");
            var ok = await One("sum_over_time(up{job=\"aliddnsha\"}[5m])");
            var slowest = await One("max_over_time(scrape_duration_seconds{job=\"aliddnsha\"}[5m])");
            var samples = await One("max_over_time(scrape_samples_scraped{job=\"aliddnsha\"}[5m])");
            return string.Create(CultureInfo.InvariantCulture, $"{ok:F0} of {scrapes:F0} scrapes succeeded (`up` = 1); the slowest took {slowest:F2} s of the 10 s timeout, for {samples:F0} samples.");
        });
        Console.WriteLine($"  prometheus {size}: {r.Extra}");
        return string.Create(CultureInfo.InvariantCulture, $"{size:N0} endpoints, {window.TotalSeconds:F0} s: {r.Extra} Meanwhile {r.Rate:F0} probes/s reached the listeners, at {r.CpuPer1000:F3} controller CPU s per 1,000 probes.\n");
    }

    private sealed record RunResult(
        double Rate, double CpuPer1000, double PeakMb, IReadOnlyList<double> JitterMs, double OtherCpuPer1000, double ListenerCpuPer1000, double ScrapeSeconds, double BodyMb, double Series, string? Extra = null);

    /// <summary>One run; <paramref name="whileMeasuring"/> (given the controller's HTTP port) runs beside the window and
    /// its text is returned in <see cref="RunResult.Extra"/>.</summary>
    private static async Task<RunResult> RunOnceAsync(
        string binary, int size, TimeSpan window, string vantages = "", Func<double>? otherCpu = null, Func<int, Task<string>>? whileMeasuring = null)
    {
        using var listeners = new TimedListenerGroup(size, TimeSpan.FromSeconds(1));
        var folder = Directory.CreateTempSubdirectory("aliddnsha-bench-scale-").FullName;
        try
        {
            var port = Free();
            var config = await WriteConfigAsync(listeners, folder, port, vantages);
            var targets = (size + 99) / 100;
            var warm = Stopwatch.StartNew();
            using var controller = new ControllerProcess(binary, config, folder);

            // Warm up: every endpoint probed a few times (startup, JIT where there is one, first writes done). Meanwhile
            // the hosts file shows when every target first published a set, and when all N addresses were published.
            TimeSpan? everyTarget = null, everyAddress = null;
            while ((listeners.AcceptedTotal < size * 3L || everyAddress is null) && warm.Elapsed < TimeSpan.FromSeconds(120) && !controller.HasExited)
            {
                await Task.Delay(50);
                var (names, addresses) = Published(Path.Combine(folder, "hosts"));
                everyTarget ??= names >= targets ? warm.Elapsed : null;
                everyAddress ??= addresses >= size ? warm.Elapsed : null;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    start-up: every target published after {everyTarget?.TotalSeconds:F2} s, all {size} addresses after {everyAddress?.TotalSeconds:F2} s (from process start; polled every 50 ms)"));

            await Task.Delay(TimeSpan.FromSeconds(3));
            var acceptedBefore = listeners.AcceptedTotal;
            var cpuBefore = controller.CpuSeconds;
            var otherBefore = otherCpu?.Invoke() ?? 0;
            var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
            listeners.StartMeasuring();
            var clock = Stopwatch.StartNew();
            var measuring = Task.Delay(window);
            var extra = whileMeasuring?.Invoke(port);
            await Task.Delay(window / 3);
            var (scrape, bytes, series) = await ScrapeAsync(port);
            await measuring;
            var extraText = extra is null ? null : await extra;
            var elapsed = clock.Elapsed.TotalSeconds;
            var jitter = listeners.StopMeasuring();
            var probes = listeners.AcceptedTotal - acceptedBefore;
            var cpu = controller.CpuSeconds - cpuBefore;
            var other = (otherCpu?.Invoke() ?? 0) - otherBefore;
            var self = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore).TotalSeconds;
            return new RunResult(probes / elapsed, cpu / probes * 1000, controller.Memory.Peak, jitter, other / probes * 1000, self / probes * 1000, scrape, bytes / 1e6, series, extraText);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The controller's configuration for <paramref name="listeners"/>: targets of 100 endpoints, the hosts-file
    /// provider writing into <paramref name="folder"/>, HTTP on <paramref name="port"/>.</summary>
    internal static async Task<string> WriteConfigAsync(TimedListenerGroup listeners, string folder, int port, string vantages = "")
    {
        var config = Path.Combine(folder, "config.yaml");
        var yaml = new StringBuilder($"Urls: http://127.0.0.1:{port}\nLogging: {{ LogLevel: {{ Default: Warning }} }}\n{ExtraYaml}Providers:\n  local: {{ Type: HostsFile, Path: {folder}/hosts }}\n{vantages}Targets:\n");
        foreach (var chunk in listeners.Listeners.Chunk(100).Select((c, i) => (c, i)))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - Name: t{chunk.i}.example.test\n    Provider: local\n    Port: {listeners.Port}\n    Probe: {Probe}\n    Sources:\n");
            foreach (var listener in chunk.c)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - {{ Name: s{listener.Address.ToString().Replace('.', '_')}, Address: {listener.Address} }}\n");
            }
        }

        await File.WriteAllTextAsync(config, yaml.ToString());
        return config;
    }

    /// <summary>How many target names, and how many lines, the hosts file holds (0, 0 before its first write).</summary>
    private static (int Names, int Lines) Published(string path)
    {
        try
        {
            var lines = File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#').ToList();
            return (lines.Select(l => l.Split(' ')[^1]).Distinct().Count(), lines.Count);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>One <c>GET /metrics</c> while the load runs, as Prometheus would make it: its time, size and series.</summary>
    private static async Task<(double Seconds, long Bytes, int Series)> ScrapeAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var clock = Stopwatch.StartNew();
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var seconds = clock.Elapsed.TotalSeconds;
        var lines = body.Split('\n');
        var series = lines.Count(l => l.Length > 0 && l[0] != '#');
        var results = lines.Where(l => l.StartsWith("aliddnsha_probes_total{", StringComparison.Ordinal))
            .GroupBy(l => l[(l.IndexOf("result=\"", StringComparison.Ordinal) + 8)..].Split('"')[0])
            .Select(g => $"{g.Key} {g.Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)):F0}");
        Console.WriteLine($"    probes by result since start (the controller's counters): {string.Join(", ", results)}");
        var families = lines.Where(l => l.Length > 0 && l[0] != '#').GroupBy(l => l.Split('{', ' ')[0]).OrderByDescending(g => g.Count()).Take(8);
        Console.WriteLine($"    series by name: {string.Join(", ", families.Select(g => $"{g.Key} {g.Count()}"))}");
        return (seconds, System.Text.Encoding.UTF8.GetByteCount(body), series);
    }

    internal static int Free()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
