// Licensed under the MIT license.

using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace AliDdnsHa.Tests.Observability;

/// <summary>The shipped Grafana dashboard, checked the way grafana/dashboard-linter would (Grafana itself does not run
/// here): structure, grid, data source, units, rate intervals and the target filter.</summary>
public sealed partial class DashboardTests
{
    private const string DatasourceUid = "${datasource}";

    [Fact]
    public void Dashboard_HasADatasourceAndATargetVariable_AndNoInputs()
    {
        using var dashboard = ObservabilityFiles.Dashboard();
        var root = dashboard.RootElement;

        Assert.False(root.TryGetProperty("__inputs", out _), "__inputs is only resolved by the import UI, never by file provisioning");
        Assert.InRange(root.GetProperty("uid").GetString()!.Length, 8, 40);
        Assert.True(root.GetProperty("schemaVersion").GetInt32() > 30);
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal("datasource", variables["datasource"].GetProperty("type").GetString());
        Assert.Equal("prometheus", variables["datasource"].GetProperty("query").GetString());
        var target = variables["target"];
        Assert.Equal("query", target.GetProperty("type").GetString());
        Assert.Equal(DatasourceUid, target.GetProperty("datasource").GetProperty("uid").GetString());
        Assert.Contains("label_values(aliddnsha_", target.GetProperty("definition").GetString(), StringComparison.Ordinal);
        Assert.True(target.GetProperty("multi").GetBoolean() && target.GetProperty("includeAll").GetBoolean());
    }

    [Fact]
    public void Panels_HaveUniqueIds_AndTileThe24ColumnGridWithoutOverlap()
    {
        var panels = Panels();

        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var cells = new Dictionary<(int X, int Y), string>();
        foreach (var panel in panels)
        {
            var grid = panel.GetProperty("gridPos");
            int x = grid.GetProperty("x").GetInt32(), y = grid.GetProperty("y").GetInt32(), w = grid.GetProperty("w").GetInt32(), h = grid.GetProperty("h").GetInt32();
            var title = Title(panel);
            Assert.True(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, $"{title}: gridPos {grid} leaves the 24-column grid");
            for (var cx = x; cx < x + w; cx++)
            {
                for (var cy = y; cy < y + h; cy++)
                {
                    Assert.True(cells.TryAdd((cx, cy), title), $"{title} overlaps {cells.GetValueOrDefault((cx, cy))} at ({cx},{cy})");
                }
            }
        }
    }

    [Fact]
    public void Panels_HaveADescriptionAUnitAndTheDatasourceVariable()
    {
        foreach (var panel in Panels())
        {
            var title = Title(panel);
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), $"{title}: no description");
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString()), $"{title}: no unit");
            Assert.Equal(DatasourceUid, panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.Equal(DatasourceUid, t.GetProperty("datasource").GetProperty("uid").GetString()));
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
        }

        using var dashboard = ObservabilityFiles.Dashboard();
        foreach (var annotation in dashboard.RootElement.GetProperty("annotations").GetProperty("list").EnumerateArray())
        {
            if (!annotation.TryGetProperty("builtIn", out var builtIn) || builtIn.GetInt32() != 1)
            {
                Assert.Equal(DatasourceUid, annotation.GetProperty("datasource").GetProperty("uid").GetString());
            }
        }
    }

    [Fact]
    public void Queries_UseRateIntervalAndTheTargetFilter()
    {
        var queries = ObservabilityFiles.DashboardQueries();

        Assert.Contains(queries, q => q.Where.StartsWith("annotation ", StringComparison.Ordinal));
        foreach (var query in queries)
        {
            foreach (Match range in RangeSelector().Matches(query.Expression))
            {
                Assert.True(range.Groups[1].Value == "$__rate_interval", $"{query}: range [{range.Groups[1].Value}] instead of [$__rate_interval]");
            }

            // Every per-target series is filtered by the target variable; provider, vantage, HTTP port and build series have no target.
            foreach (Match selector in Selector().Matches(query.Expression))
            {
                var name = selector.Groups[1].Value;
                if (!name.StartsWith("aliddnsha_provider_", StringComparison.Ordinal) && name is not ("aliddnsha_build_info" or "aliddnsha_vantage_up" or "aliddnsha_vantage_requests_total" or "aliddnsha_http_requests_refused_total"))
                {
                    Assert.True(selector.Groups[2].Value.Contains("target=~\"$target\"", StringComparison.Ordinal), $"{query}: {name} is not filtered by $target");
                }
            }
        }
    }

    [Fact]
    public void Dashboard_CoversWhatOperatorsNeed()
    {
        var names = ObservabilityFiles.DashboardQueries().SelectMany(q => ObservabilityFiles.MetricNames(q.Expression)).ToHashSet();
        string[] required =
        [
            "aliddnsha_healthy_endpoints", "aliddnsha_published_records", "aliddnsha_configured_endpoints", "aliddnsha_endpoint_up",
            "aliddnsha_probes_total", "aliddnsha_probe_duration_seconds_bucket", "aliddnsha_record_changes_total",
            "aliddnsha_failover_duration_seconds_bucket", "aliddnsha_provider_requests_total", "aliddnsha_provider_request_duration_seconds_bucket",
            "aliddnsha_last_sync_success_timestamp_seconds", "aliddnsha_all_down", "aliddnsha_vantage_up", "aliddnsha_vantage_endpoint_up",
            "aliddnsha_target_frozen", "aliddnsha_vantage_requests_total",
        ];

        Assert.Empty(required.Except(names));
        Assert.Contains(Panels(), p => p.GetProperty("type").GetString() == "state-timeline");
        var latency = ObservabilityFiles.DashboardQueries().Where(q => q.Expression.Contains("aliddnsha_probe_duration_seconds_bucket", StringComparison.Ordinal));
        Assert.Equal(["0.5", "0.95", "0.99"], latency.Select(q => Quantile().Match(q.Expression).Groups[1].Value));
    }

    [Fact]
    public void Provisioning_LoadsTheDashboardFolderAndAPrometheusDatasource()
    {
        var dashboards = ObservabilityFiles.LoadYaml("grafana/provisioning/dashboards/aliddnsha.yaml");
        var provider = (YamlMappingNode)((YamlSequenceNode)dashboards["providers"]).Children.Single();
        Assert.Equal("1", dashboards["apiVersion"].ToString());
        Assert.Equal("file", provider["type"].ToString());
        Assert.StartsWith("/", ((YamlMappingNode)provider["options"])["path"].ToString(), StringComparison.Ordinal);

        var datasources = ObservabilityFiles.LoadYaml("grafana/provisioning/datasources/aliddnsha.yaml");
        var datasource = (YamlMappingNode)((YamlSequenceNode)datasources["datasources"]).Children.Single();
        Assert.Equal("prometheus", datasource["type"].ToString());
        Assert.StartsWith("http", datasource["url"].ToString(), StringComparison.Ordinal);
    }

    private static List<JsonElement> Panels()
    {
        using var dashboard = ObservabilityFiles.Dashboard();
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.Clone())];
    }

    private static string Title(JsonElement panel) => panel.GetProperty("title").GetString() ?? "";

    [GeneratedRegex(@"\[([^\]]+)\]")]
    private static partial Regex RangeSelector();

    [GeneratedRegex(@"(aliddnsha_[a-z0-9_]+)(\{[^}]*\})?")]
    private static partial Regex Selector();

    [GeneratedRegex(@"^histogram_quantile\(([0-9.]+),")]
    private static partial Regex Quantile();
}
