// Licensed under the MIT license.

using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Observability;
using YamlDotNet.RepresentationModel;

namespace AliDdnsHa.Tests.Release;

/// <summary>config/compose.yaml, checked without a Docker engine: every file it mounts is in the repository where the
/// containers expect it, ports stay on loopback, secrets come from the ignored .env, and the Prometheus configuration
/// it mounts passes promtool with the shipped rules beside it.</summary>
public sealed class ComposeTests
{
    private static readonly YamlMappingNode s_compose = ObservabilityFiles.LoadYaml("config/compose.yaml");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static YamlMappingNode Service(string name) => (YamlMappingNode)((YamlMappingNode)s_compose["services"])[name];

    [Fact]
    public void Services_AreTheControllerPrometheusAndGrafana_OnLoopbackPorts()
    {
        var services = ((YamlMappingNode)s_compose["services"]).Children.Keys.Select(k => k.ToString());
        Assert.Equal(["aliddnsha", "prometheus", "grafana"], services);
        foreach (var name in services)
        {
            var ports = ((YamlSequenceNode)Service(name)["ports"]).Children.Select(p => p.ToString());
            Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
        }

        Assert.Equal("..", ((YamlMappingNode)Service("aliddnsha")["build"])["context"].ToString());
        Assert.Contains("127.0.0.1:9464:9464", ((YamlSequenceNode)Service("aliddnsha")["ports"]).Children.Select(p => p.ToString()));
    }

    [Fact]
    public void BindMounts_PointAtRepositoryFiles_WhereTheContainersReadThem()
    {
        var mounts = new Dictionary<string, string>();
        foreach (var name in new[] { "aliddnsha", "prometheus", "grafana" })
        {
            foreach (var volume in ((YamlSequenceNode)Service(name)["volumes"]).Children.Select(v => v.ToString()))
            {
                var parts = volume.Split(':');
                if (parts[0].StartsWith('.'))
                {
                    mounts[parts[1]] = parts[0];
                }
            }
        }

        Assert.Equal("./aliddnsha.yaml", mounts["/config/aliddnsha.yaml"]); // the user's copy of aliddnsha.example.yaml
        Assert.True(File.Exists(RepositoryPaths.Get("config/aliddnsha.example.yaml")));
        foreach (var (target, source) in mounts.Where(m => m.Key != "/config/aliddnsha.yaml"))
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryPaths.Get("config"), source));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{source} (mounted at {target}) is not in the repository");
        }

        // Grafana loads the dashboards folder from where the provisioning file says.
        var provider = (YamlMappingNode)((YamlSequenceNode)ObservabilityFiles.LoadYaml("grafana/provisioning/dashboards/aliddnsha.yaml")["providers"]).Children[0];
        Assert.Equal("../grafana/dashboards", mounts[((YamlMappingNode)provider["options"])["path"].ToString()]);
        Assert.Equal("../grafana/provisioning", mounts["/etc/grafana/provisioning"]);
        Assert.Equal("http://prometheus:9090", ((YamlMappingNode)((YamlSequenceNode)ObservabilityFiles.LoadYaml("grafana/provisioning/datasources/aliddnsha.yaml")["datasources"]).Children[0])["url"].ToString());
    }

    [Fact]
    public void Secrets_ComeFromAnIgnoredEnvFile()
    {
        var envFile = (YamlMappingNode)((YamlSequenceNode)Service("aliddnsha")["env_file"]).Children[0];
        Assert.Equal(".env", envFile["path"].ToString());
        Assert.Contains("${GRAFANA_ADMIN_PASSWORD:?", ((YamlMappingNode)Service("grafana")["environment"])["GF_SECURITY_ADMIN_PASSWORD"].ToString(), StringComparison.Ordinal);
        Assert.Contains(".env", File.ReadAllLines(RepositoryPaths.Get(".gitignore")));
        Assert.All(
            File.ReadAllLines(RepositoryPaths.Get("config/.env.example")).Where(l => l.Length > 0 && l[0] != '#'),
            l => Assert.EndsWith("=", l, StringComparison.Ordinal)); // the example carries names, never values
    }

    [Fact]
    public async Task PrometheusConfiguration_PassesPromtool_WithTheRulesMountedBeside()
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-compose-").FullName;
        try
        {
            File.Copy(RepositoryPaths.Get("config/compose/prometheus.yml"), Path.Combine(folder, "prometheus.yml"));
            File.Copy(RepositoryPaths.Get(ObservabilityFiles.AlertsPath), Path.Combine(folder, "aliddnsha-alerts.yml"));

            var result = await ProcessRunner.RunAsync(ExternalTool.Find("promtool"), ["check", "config", Path.Combine(folder, "prometheus.yml")], cancellationToken: Ct);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("SUCCESS: 1 rule files found", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("aliddnsha:9464", await File.ReadAllTextAsync(Path.Combine(folder, "prometheus.yml"), Ct), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
