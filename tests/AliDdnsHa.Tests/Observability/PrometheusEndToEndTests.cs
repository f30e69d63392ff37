// Licensed under the MIT license.

using System.Diagnostics;
using System.Text.RegularExpressions;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Observability;

/// <summary>A real Prometheus scrapes a running controller and evaluates the shipped alert rules: every dashboard query
/// returns data, and the endpoint-down alert fires when a listener closes and resolves when it reopens.</summary>
public sealed partial class PrometheusEndToEndTests
{
    private const string Alert = "AliDdnsHaEndpointDown";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RealPrometheus_DashboardQueriesReturnData_AndEndpointDownFiresAndResolves()
    {
        await using var live = await LiveController.StartAsync("127.0.0.61");
        var rules = ShortenFor(await File.ReadAllTextAsync(RepositoryPaths.Get(ObservabilityFiles.AlertsPath), Ct), Alert, "2s");
        var config = $$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            rule_files: [ aliddnsha-alerts.yml ]
            scrape_configs:
              - job_name: aliddnsha
                static_configs: [ { targets: [ "{{live.Url("/").Authority}}" ] } ]
            """;
        await using var prometheus = await PrometheusServer.StartAsync(config, new Dictionary<string, string> { ["aliddnsha-alerts.yml"] = rules }, Ct);
        await prometheus.PollAsync(async ct => (await prometheus.QueryAsync("up{job=\"aliddnsha\"} == 1", ct)).Count == 1, TimeSpan.FromSeconds(30), "the first scrape", Ct);

        var down = live.AllAddresses[1];
        var closed = Stopwatch.StartNew();
        await live.FailOverAsync(1);
        await prometheus.PollAsync(async ct => await AlertStateAsync(prometheus, down, ct) == "firing", TimeSpan.FromSeconds(60), $"{Alert} to fire for {down}", Ct);
        var fired = closed.Elapsed;

        // Every dashboard query, as Grafana would send it for this target, has at least one real (not NaN) value.
        foreach (var query in ObservabilityFiles.DashboardQueries())
        {
            var samples = await prometheus.QueryAsync(ObservabilityFiles.Expand(query.Expression, "1m", LiveController.Name), Ct);
            Assert.True(samples.Any(s => !double.IsNaN(s.Value)), $"{query}: no data for {ObservabilityFiles.Expand(query.Expression, "1m", LiveController.Name)}");
        }

        Assert.Equal(0, Assert.Single(await prometheus.QueryAsync($"aliddnsha_endpoint_published{{line=\"default\",address=\"{down}\"}}", Ct)).Value);
        Assert.Equal(1, Assert.Single(await prometheus.QueryAsync($"aliddnsha_failover_duration_seconds_count{{target=\"{LiveController.Name}\",line=\"default\"}}", Ct)).Value);

        var reopened = Stopwatch.StartNew();
        live.Listeners[1].Open();
        await live.WaitForAsync(() => live.Published().Contains(down));
        await prometheus.PollAsync(async ct => await AlertStateAsync(prometheus, down, ct) is null, TimeSpan.FromSeconds(60), $"{Alert} to resolve for {down}", Ct);
        var resolved = reopened.Elapsed;

        Measurements.Report(
            $"Prometheus: listener closed -> {Alert} firing {fired.TotalSeconds:F1} s (failover + 2 s for + 1 s scrape/evaluation); reopened -> resolved {resolved.TotalSeconds:F1} s");
    }

    [Fact]
    public void ShortenFor_ChangesOnlyTheNamedAlert()
    {
        var rules = File.ReadAllText(RepositoryPaths.Get(ObservabilityFiles.AlertsPath));

        var shortened = ShortenFor(rules, Alert, "2s");

        Assert.Equal(rules.Split('\n').Length, shortened.Split('\n').Length);
        Assert.Single(rules.Split('\n').Zip(shortened.Split('\n')), p => p.First != p.Second);
        Assert.Contains("for: 2s", shortened, StringComparison.Ordinal);
    }

    private static async Task<string?> AlertStateAsync(PrometheusServer prometheus, string address, CancellationToken ct) =>
        (await prometheus.AlertsAsync(ct)).Where(a => a.Name == Alert && a.Labels.GetValueOrDefault("address") == address).Select(a => a.State).FirstOrDefault();

    /// <summary>A test copy of the rules where one alert's <c>for</c> is short enough to watch it fire.</summary>
    private static string ShortenFor(string rules, string alert, string duration)
    {
        var start = rules.IndexOf($"- alert: {alert}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{alert} not in the rules");
        var match = ForLine().Match(rules, start);
        Assert.True(match.Success, $"{alert} has no for:");
        return string.Concat(rules.AsSpan(0, match.Index), $"for: {duration}", rules.AsSpan(match.Index + match.Length));
    }

    [GeneratedRegex(@"for: \S+")]
    private static partial Regex ForLine();
}
