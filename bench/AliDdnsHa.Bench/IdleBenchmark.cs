// Licensed under the MIT license.

using System.Globalization;

namespace AliDdnsHa.Bench;

/// <summary>Idle footprint: three endpoints (the controller's own port, which answers, and two dead addresses) with the
/// default probe settings and the hosts-file provider.</summary>
internal static class IdleBenchmark
{
    public static async Task<string> RunAsync(string binary, int runs, TimeSpan warmUp, TimeSpan window)
    {
        List<double> cpu = [], rss = [];
        for (var run = 0; run < runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("aliddnsha-bench-idle-").FullName;
            try
            {
                var port = ScaleBenchmark.Free();
                await File.WriteAllTextAsync(Path.Combine(folder, "config.yaml"), $$"""
                    Urls: http://127.0.0.1:{{port}}
                    Logging: { LogLevel: { Default: Warning } }
                    Providers: { local: { Type: HostsFile, Path: {{folder}}/hosts } }
                    Targets:
                      - { Name: home.example.test, Provider: local, Ttl: 60, Port: {{port}}, Sources: [ { Name: self, Address: 127.0.0.1 }, { Name: dead1, Address: 127.0.0.2 }, { Name: dead2, Address: 127.0.0.3 } ] }
                    """);
                using var controller = new ControllerProcess(binary, Path.Combine(folder, "config.yaml"), folder);
                await Task.Delay(warmUp);
                var before = controller.CpuSeconds;
                await Task.Delay(window);
                cpu.Add((controller.CpuSeconds - before) / window.TotalSeconds * 100);
                rss.Add(controller.Memory.Rss);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  idle: run {run + 1}: {cpu[^1]:F2} % CPU, {rss[^1]:F0} MB"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return $"| runs | CPU (% of one core) | RSS |\n|---|---|---|\n| {runs} × {window.TotalSeconds:F0} s after {warmUp.TotalSeconds:F0} s | {Stats.Spread(cpu, "F2")} % | {Stats.Spread(rss, "F0")} MB |\n";
    }
}
