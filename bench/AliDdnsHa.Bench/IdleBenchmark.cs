// Licensed under the MIT license.

using System.Globalization;

namespace AliDdnsHa.Bench;

/// <summary>Idle footprint: three endpoints (one answering listener in this process, as in the scale benchmark, and two
/// addresses that refuse) with the hosts-file provider, once with the default probe settings and once with
/// <c>Interval: 1s</c>.</summary>
/// <remarks>Until 2026-12-04 the answering endpoint was the controller's own HTTP port, which charged Kestrel's accept
/// and teardown of every probe connection to the controller's idle CPU: about a fifth of it at <c>Interval: 1s</c>.</remarks>
internal static class IdleBenchmark
{
    public static async Task<string> RunAsync(string binary, int runs, TimeSpan warmUp, TimeSpan window)
    {
        var table = new System.Text.StringBuilder("| probe settings | runs | CPU (% of one core) | RSS |\n|---|---|---|---|\n");
        foreach (var (label, probe) in new[] { ("defaults", ""), ("`Interval: 1s`", ", Probe: { Interval: 1s, FastInterval: 500ms, Timeout: 800ms }") })
        {
            table.Append(await RunOneAsync(binary, runs, warmUp, window, label, probe));
        }

        return table.ToString();
    }

    private static async Task<string> RunOneAsync(string binary, int runs, TimeSpan warmUp, TimeSpan window, string label, string probe)
    {
        List<double> cpu = [], rss = [];
        for (var run = 0; run < runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("aliddnsha-bench-idle-").FullName;
            try
            {
                var port = ScaleBenchmark.Free();
                using var listener = new TimedListenerGroup(1, TimeSpan.FromSeconds(1));
                await File.WriteAllTextAsync(Path.Combine(folder, "config.yaml"), $$"""
                    Urls: http://127.0.0.1:{{port}}
                    Logging: { LogLevel: { Default: Warning } }
                    Providers: { local: { Type: HostsFile, Path: {{folder}}/hosts } }
                    Targets:
                      - { Name: home.example.test, Provider: local, Ttl: 60, Port: {{listener.Port}}{{probe}}, Sources: [ { Name: up, Address: {{listener.Listeners[0].Address}} }, { Name: dead1, Address: 127.0.0.2 }, { Name: dead2, Address: 127.0.0.3 } ] }
                    """);
                using var controller = new ControllerProcess(binary, Path.Combine(folder, "config.yaml"), folder);
                await Task.Delay(warmUp);
                var before = controller.CpuSeconds;
                await Task.Delay(window);
                cpu.Add((controller.CpuSeconds - before) / window.TotalSeconds * 100);
                rss.Add(controller.Memory.Rss);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  idle ({label}): run {run + 1}: {cpu[^1]:F2} % CPU, {rss[^1]:F0} MB"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return $"| {label} | {runs} × {window.TotalSeconds:F0} s after {warmUp.TotalSeconds:F0} s | {Stats.Spread(cpu, "F2")} % | {Stats.Spread(rss, "F0")} MB |\n";
    }
}
