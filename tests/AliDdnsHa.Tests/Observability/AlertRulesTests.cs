// Licensed under the MIT license.

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AliDdnsHa.Testing;
using YamlDotNet.RepresentationModel;

namespace AliDdnsHa.Tests.Observability;

/// <summary>The shipped alert rules, Prometheus configuration and dashboard expressions, checked by the real promtool.</summary>
public sealed partial class AlertRulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AlertRules_PassPromtoolCheckRules()
    {
        var result = await PromtoolAsync("check", "rules", "--lint=all", "--lint-fatal", RepositoryPaths.Get(ObservabilityFiles.AlertsPath));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"SUCCESS: {ObservabilityFiles.AlertRules().Count} rules found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertRules_UnitTestsPass()
    {
        var result = await PromtoolAsync("test", "rules", RepositoryPaths.Get(ObservabilityFiles.AlertTestsPath));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void AlertRules_EveryAlertHasAFiringAndAQuietTestCase()
    {
        var cases = ObservabilityFiles.LoadYaml(ObservabilityFiles.AlertTestsPath)["tests"].AllNodes.OfType<YamlMappingNode>()
            .Where(m => m.Children.ContainsKey("alertname") && m.Children.ContainsKey("exp_alerts"))
            .Select(m => (Alert: m["alertname"].ToString(), Fires: ((YamlSequenceNode)m["exp_alerts"]).Children.Count > 0))
            .ToList();

        foreach (var alert in ObservabilityFiles.AlertRules().Select(r => r["alert"].ToString()))
        {
            Assert.True(cases.Contains((alert, true)), $"{alert} has no test where it fires");
            Assert.True(cases.Contains((alert, false)), $"{alert} has no test where it stays quiet");
        }
    }

    [Fact]
    public void AlertRules_CoverTheIssueAndCarrySeveritySummaryDescriptionAndRunbook()
    {
        var rules = ObservabilityFiles.AlertRules();
        var runbook = File.ReadAllText(RepositoryPaths.Get("docs/alerts.md"));
        var anchors = Heading().Matches(runbook).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();

        Assert.Equal(
            ["AliDdnsHaAllEndpointsDown", "AliDdnsHaConfigReloadFailed", "AliDdnsHaControllerDown", "AliDdnsHaEndpointDown", "AliDdnsHaEndpointFlapping", "AliDdnsHaHttpRefusalsHigh", "AliDdnsHaLineFallback", "AliDdnsHaNotificationsFailing", "AliDdnsHaProbeLatencyHigh", "AliDdnsHaPublishedSetDrift", "AliDdnsHaSyncFailing", "AliDdnsHaTargetBlocked",
             "AliDdnsHaTargetFrozen", "AliDdnsHaVantageBlind"],
            rules.Select(r => r["alert"].ToString()).Order(StringComparer.Ordinal));
        foreach (var rule in rules)
        {
            var name = rule["alert"].ToString();
            var labels = (YamlMappingNode)rule["labels"];
            var annotations = (YamlMappingNode)rule["annotations"];
            Assert.Contains(labels["severity"].ToString(), new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(annotations["summary"].ToString()), name);
            Assert.False(string.IsNullOrWhiteSpace(annotations["description"].ToString()), name);
            var url = annotations["runbook_url"].ToString();
            Assert.EndsWith("docs/alerts.md#" + name.ToLowerInvariant(), url, StringComparison.Ordinal);
            Assert.Contains(name.ToLowerInvariant(), anchors);
        }
    }

    [Fact]
    public async Task PrometheusExample_PassesPromtoolCheckConfig()
    {
        var result = await PromtoolAsync("check", "config", RepositoryPaths.Get(ObservabilityFiles.PrometheusConfigPath));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS: 1 rule files found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardQueries_ParseUnderPromtool()
    {
        // Each expression becomes a recording rule, the cheapest way to have promtool parse PromQL.
        var queries = ObservabilityFiles.DashboardQueries();
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            rules.Append(CultureInfo.InvariantCulture, $"      - record: dashboard:query_{i}\n        expr: '{ObservabilityFiles.Expand(queries[i].Expression).Replace("'", "''", StringComparison.Ordinal)}'\n");
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("aliddnsha-promql-").FullName, "dashboard.rules.yml");
        await File.WriteAllTextAsync(file, rules.ToString(), Ct);
        try
        {
            var result = await PromtoolAsync("check", "rules", file);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains($"SUCCESS: {queries.Count} rules found", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static Task<ProcessResult> PromtoolAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(ExternalTool.Find("promtool"), arguments, cancellationToken: Ct);

    [GeneratedRegex(@"^## (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
