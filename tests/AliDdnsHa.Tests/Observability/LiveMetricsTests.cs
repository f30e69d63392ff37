// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Observability;

/// <summary>A live <c>/metrics</c> scrape, after a real failover, against promtool's linter and against every metric
/// name the dashboard and the alert rules read.</summary>
public sealed class LiveMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LiveMetrics_PassPromtoolCheckMetrics()
    {
        var text = await ScrapeAfterAFailoverAsync("127.0.0.51");

        var result = await ProcessRunner.RunAsync(ExternalTool.Find("promtool"), ["check", "metrics"], standardInput: text, cancellationToken: Ct);

        Assert.True(result.ExitCode == 0 && result.StandardOutput.Length == 0 && result.StandardError.Length == 0, result.ToString());
    }

    [Fact]
    public async Task DashboardAndAlerts_ReadOnlyMetricsTheControllerExports()
    {
        var text = await ScrapeAfterAFailoverAsync("127.0.0.54");
        var exported = text.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

        var read = ObservabilityFiles.DashboardQueries().Select(q => q.Expression)
            .Concat(ObservabilityFiles.AlertRules().Select(r => r["expr"].ToString()))
            .SelectMany(ObservabilityFiles.MetricNames)
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(read.Count >= 12, string.Join(", ", read));
        Assert.Empty(read.Except(exported));
    }

    private static async Task<string> ScrapeAfterAFailoverAsync(string firstAddress)
    {
        await using var live = await LiveController.StartAsync(firstAddress);
        await live.FailOverAsync(1);
        using var http = new HttpClient();
        return await http.GetStringAsync(live.Url("/metrics"), Ct);
    }
}
