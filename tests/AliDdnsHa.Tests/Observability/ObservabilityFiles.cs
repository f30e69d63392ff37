// Licensed under the MIT license.

using System.Text.Json;
using System.Text.RegularExpressions;
using AliDdnsHa.Testing;
using YamlDotNet.RepresentationModel;

namespace AliDdnsHa.Tests.Observability;

/// <summary>The shipped dashboard and alert rules, read the way Grafana and Prometheus read them.</summary>
internal static partial class ObservabilityFiles
{
    public const string DashboardPath = "grafana/dashboards/aliddnsha.json";
    public const string AlertsPath = "config/prometheus/aliddnsha-alerts.yml";
    public const string AlertTestsPath = "config/prometheus/aliddnsha-alerts.test.yml";
    public const string PrometheusConfigPath = "config/prometheus/prometheus.yml";

    public static JsonDocument Dashboard() => JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Get(DashboardPath)));

    /// <summary>Every PromQL expression of the dashboard: panel targets and the annotation query.</summary>
    public static IReadOnlyList<DashboardQuery> DashboardQueries()
    {
        using var dashboard = Dashboard();
        var queries = new List<DashboardQuery>();
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                queries.Add(new DashboardQuery($"{panel.GetProperty("title").GetString()} ({target.GetProperty("refId").GetString()})", target.GetProperty("expr").GetString()!));
            }
        }

        foreach (var annotation in dashboard.RootElement.GetProperty("annotations").GetProperty("list").EnumerateArray())
        {
            if (annotation.TryGetProperty("expr", out var expr))
            {
                queries.Add(new DashboardQuery($"annotation {annotation.GetProperty("name").GetString()}", expr.GetString()!));
            }
        }

        return queries;
    }

    /// <summary>The alert rules as YAML mappings (alert, expr, for, labels, annotations).</summary>
    public static IReadOnlyList<YamlMappingNode> AlertRules() =>
        [.. LoadYaml(AlertsPath)["groups"].AllNodes.OfType<YamlMappingNode>()
            .Where(m => m.Children.ContainsKey("alert"))];

    public static YamlMappingNode LoadYaml(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryPaths.Get(relativePath));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>An expression with Grafana's macros and variables replaced, as Prometheus would receive it.</summary>
    public static string Expand(string expression, string rateInterval = "1m", string target = ".*") =>
        expression.Replace("$__rate_interval", rateInterval, StringComparison.Ordinal)
            .Replace("${target}", target, StringComparison.Ordinal)
            .Replace("$target", target, StringComparison.Ordinal);

    /// <summary>The aliddnsha_* series names an expression reads.</summary>
    public static IEnumerable<string> MetricNames(string expression) => MetricName().Matches(expression).Select(m => m.Value);

    [GeneratedRegex("aliddnsha_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
