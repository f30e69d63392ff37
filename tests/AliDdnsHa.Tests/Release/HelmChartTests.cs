// Licensed under the MIT license.

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AliDdnsHa.Testing;
using YamlDotNet.RepresentationModel;
using static AliDdnsHa.Tests.Release.HelmChart.Rendered;

namespace AliDdnsHa.Tests.Release;

/// <summary>charts/aliddnsha: linted and rendered by the real helm, every object validated against the Kubernetes and
/// Prometheus Operator schemas, the rendered configuration checked by the program and the rendered rules by promtool.</summary>
public sealed partial class HelmChartTests : IDisposable
{
    private const string SecretMount = "/run/secrets/aliddnsha/";
    private const string WebConfigPath = "/etc/aliddnsha/web/web.yml";
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-chart-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> CiCases => [.. HelmChart.CiCaseNames()];

    [Fact]
    public async Task Chart_PassesHelmLintStrict()
    {
        var result = await HelmChart.HelmAsync(["lint", "--strict", HelmChart.Folder], Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_VersionAndAppVersionAreTheProgramsVersion()
    {
        var version = ReleaseBuild.Version;
        var chart = LoadYaml(Path.Combine(HelmChart.Folder, "Chart.yaml"));

        Assert.Equal(version, chart["appVersion"].ToString());
        Assert.Equal(version, chart["version"].ToString());
    }

    [Fact]
    public void Chart_HasCiCasesForEveryOption()
    {
        var cases = HelmChart.CiCaseNames();

        Assert.True(cases.Count >= 4, string.Join(", ", cases));
        var all = string.Concat(cases.Select(c => File.ReadAllText(Path.Combine(HelmChart.Folder, "ci", c))));
        foreach (var option in new[] { "serviceMonitor:", "prometheusRule:", "grafanaDashboard:", "networkPolicy:", "webConfig:", "existingSecret:", "persistence:" })
        {
            Assert.Contains(option, all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CiCases))]
    public async Task CiCase_RendersObjectsThatPassTheKubernetesAndPrometheusOperatorSchemas(string ciCase)
    {
        var rendered = await HelmChart.RenderAsync(ciCase, Ct);

        var result = await ProcessRunner.RunAsync(
            "node", [RepositoryPaths.Get("tests/chart/validate.mjs")], standardInput: rendered.Yaml, workingDirectory: RepositoryPaths.Get("tests/chart"), cancellationToken: Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(rendered.Objects.Count, result.StandardOutput.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SchemaValidator_RejectsAnObjectWithAWrongType()
    {
        // The validator itself can fail: a Deployment whose replicas is a string.
        var rendered = await HelmChart.RenderAsync(null, Ct);
        var broken = rendered.Yaml.Replace("replicas: 1", "replicas: \"one\"", StringComparison.Ordinal);

        var result = await ProcessRunner.RunAsync(
            "node", [RepositoryPaths.Get("tests/chart/validate.mjs")], standardInput: broken, workingDirectory: RepositoryPaths.Get("tests/chart"), cancellationToken: Ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL apps/v1 Deployment aliddnsha: data/spec/replicas must be integer", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CiCases))]
    public async Task CiCase_RenderedConfigurationPassesCheckConfigOffline_WithTheSecretsAsThePodSeesThem(string ciCase)
    {
        var rendered = await HelmChart.RenderAsync(ciCase, Ct);
        var configuration = rendered.Configuration;
        Assert.NotNull(configuration); // every ci case renders its configuration (existingConfigMap has its own test)

        // The pod's files: the ConfigMap's configuration, the Secret's keys under the secret mount, web.yml.
        var configPath = Path.Combine(_folder, "aliddnsha.yaml");
        await File.WriteAllTextAsync(configPath, configuration, Ct);
        var secrets = Directory.CreateDirectory(Path.Combine(_folder, "secrets")).FullName;
        if (rendered.Find("Secret", "aliddnsha") is { } secret)
        {
            foreach (var (key, value) in (YamlMappingNode)secret["data"])
            {
                await File.WriteAllBytesAsync(Path.Combine(secrets, key.ToString()), Convert.FromBase64String(value.ToString()), Ct);
            }
        }

        var environment = new Dictionary<string, string>();
        foreach (var (name, value) in rendered.Environment)
        {
            if (value.StartsWith(SecretMount, StringComparison.Ordinal))
            {
                var file = Path.Combine(secrets, value[SecretMount.Length..]);
                if (!File.Exists(file))
                {
                    // A key of an existingSecret: the user's Secret would hold it; a TSIG secret is base64.
                    await File.WriteAllTextAsync(file, "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==", Ct);
                }

                environment[name] = file;
            }
            else
            {
                environment[name] = value;
            }
        }

        List<string> arguments = ["exec", Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll"), "check-config", "--offline", "--config", configPath];
        if (rendered.Arguments.Contains(WebConfigPath) && rendered.Find("Secret", "-web") is { } web)
        {
            var webPath = Path.Combine(_folder, "web.yml");
            await File.WriteAllTextAsync(webPath, web["stringData"]["web.yml"].ToString(), Ct);
            arguments.AddRange(["--web.config.file", webPath]);
        }

        var result = await ProcessRunner.RunAsync("dotnet", arguments, cancellationToken: Ct, environment: environment);

        Assert.True(result.ExitCode == 0, $"{ciCase}:\n{configuration}\n{result}");
        Assert.Contains("is valid", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplicaCountTwo_FailsRendering_SayingWhy()
    {
        var result = await HelmChart.TemplateAsync(null, ["replicaCount=2"], Ct);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("replicaCount is 2, but it may only be 0 or 1: two controllers would both write the same record sets", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicaCount=one", "at '/replicaCount': got string, want integer")]
    [InlineData("service.port=http", "at '/service/port': got string, want integer")]
    [InlineData("serviceMonitor.enabled=maybe", "at '/serviceMonitor/enabled': got string, want boolean")]
    [InlineData("replicas=1", "additional properties 'replicas' not allowed")]
    [InlineData("image.pullPolicy=Sometimes", "at '/image/pullPolicy'")]
    [InlineData("secrets.tsig.my-bind=c2VjcmV0", "invalid propertyName 'my-bind'")] // not a name an environment variable can carry
    public async Task WrongTypeOrUnknownKey_FailsTheValuesSchema(string set, string message)
    {
        var template = await HelmChart.TemplateAsync(null, [set], Ct);
        var lint = await HelmChart.HelmAsync(["lint", "--strict", HelmChart.Folder, "--set", set], Ct);

        Assert.NotEqual(0, template.ExitCode);
        Assert.Contains(message, template.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, lint.ExitCode);
    }

    [Fact]
    public async Task Deployment_IsOneHardenedReplicaRolledByRecreate()
    {
        var rendered = await HelmChart.RenderAsync(null, Ct);
        var deployment = rendered.Deployment;
        var pod = At(deployment, "spec.template.spec")!;
        var container = rendered.Container;

        Assert.Equal("1", At(deployment, "spec.replicas")!.ToString());
        Assert.Equal("Recreate", At(deployment, "spec.strategy.type")!.ToString());
        Assert.Equal("true", At(pod, "securityContext.runAsNonRoot")!.ToString());
        Assert.Equal("RuntimeDefault", At(pod, "securityContext.seccompProfile.type")!.ToString());
        Assert.Equal("false", At(pod, "automountServiceAccountToken")!.ToString());
        // The image's user (the Dockerfile's chiseled base runs as APP_UID 1654).
        Assert.Contains("USER $APP_UID", File.ReadAllText(RepositoryPaths.Get("Dockerfile")), StringComparison.Ordinal);
        Assert.Equal("1654", At(container, "securityContext.runAsUser")!.ToString());
        Assert.Equal("1654", At(pod, "securityContext.fsGroup")!.ToString());
        Assert.Equal("true", At(container, "securityContext.runAsNonRoot")!.ToString());
        Assert.Equal("true", At(container, "securityContext.readOnlyRootFilesystem")!.ToString());
        Assert.Equal("false", At(container, "securityContext.allowPrivilegeEscalation")!.ToString());
        Assert.Equal(["ALL"], ((YamlSequenceNode)At(container, "securityContext.capabilities.drop")!).Children.Select(c => c.ToString()));
        Assert.Equal("RuntimeDefault", At(container, "securityContext.seccompProfile.type")!.ToString());
        Assert.Equal("/healthz", At(container, "livenessProbe.httpGet.path")!.ToString());
        Assert.Equal("/readyz", At(container, "readinessProbe.httpGet.path")!.ToString());
        Assert.Equal("http", At(container, "livenessProbe.httpGet.port")!.ToString());
        Assert.Equal("http", At(container, "readinessProbe.httpGet.port")!.ToString());
        Assert.Equal("http", ((YamlMappingNode)((YamlSequenceNode)container["ports"]).Children[0])["name"].ToString());
        Assert.Equal("10m", At(container, "resources.requests.cpu")!.ToString());
        Assert.Equal("64Mi", At(container, "resources.requests.memory")!.ToString());
        Assert.Equal(["run", "--config", "/config/aliddnsha.yaml"], rendered.Arguments);
        var mounts = ((YamlSequenceNode)container["volumeMounts"]).Children.OfType<YamlMappingNode>().ToDictionary(m => m["name"].ToString(), m => m["mountPath"].ToString());
        Assert.Equal("/data", mounts["data"]);
        Assert.Equal("/config", mounts["config"]);
        var data = ((YamlSequenceNode)pod["volumes"]).Children.OfType<YamlMappingNode>().Single(v => v["name"].ToString() == "data");
        Assert.True(data.Children.ContainsKey("emptyDir"));
    }

    [Fact]
    public async Task Options_AreOffByDefault()
    {
        var rendered = await HelmChart.RenderAsync(null, Ct);

        Assert.Equal(
            ["ConfigMap", "Deployment", "Service", "ServiceAccount"],
            rendered.Objects.Select(o => o["kind"].ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Secrets_ReachTheProgramAsFilesOnly_NeverInTheConfigMapOrTheEnvironment()
    {
        var rendered = await HelmChart.RenderAsync("alidns-values.yaml", Ct, "secrets.tsig.bind=dHNpZy1zZWNyZXQtdmFsdWU=");
        string[] secrets = ["LTAI-test-key-id", "test-key-secret", "dHNpZy1zZWNyZXQtdmFsdWU="];

        foreach (var node in rendered.Objects.Where(o => o["kind"].ToString() != "Secret"))
        {
            var text = Serialize(node);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), text, StringComparison.Ordinal);
            }
        }

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ALIBABA_CLOUD_ACCESS_KEY_ID_FILE"] = "/run/secrets/aliddnsha/alibaba-cloud-access-key-id",
                ["ALIBABA_CLOUD_ACCESS_KEY_SECRET_FILE"] = "/run/secrets/aliddnsha/alibaba-cloud-access-key-secret",
                ["ALIDDNSHA__Providers__bind__TsigSecretFile"] = "/run/secrets/aliddnsha/tsig-bind",
            },
            rendered.Environment);
        Assert.DoesNotContain(rendered.Environment.Values, v => !v.StartsWith(SecretMount, StringComparison.Ordinal));
        var data = (YamlMappingNode)rendered.Single("Secret")["data"];
        Assert.Equal(["alibaba-cloud-access-key-id", "alibaba-cloud-access-key-secret", "tsig-bind"], data.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("test-key-secret", Encoding.UTF8.GetString(Convert.FromBase64String(data["alibaba-cloud-access-key-secret"].ToString())));
    }

    [Fact]
    public async Task ExistingSecret_IsMountedAndNamedByTheFileVariables_AndNoSecretIsRendered()
    {
        var rendered = await HelmChart.RenderAsync("rfc2136-existing-secret-values.yaml", Ct);

        Assert.Empty(rendered.OfKind("Secret"));
        Assert.Equal("/run/secrets/aliddnsha/tsig-bind", rendered.Environment["ALIDDNSHA__Providers__bind__TsigSecretFile"]);
        var volume = ((YamlSequenceNode)At(rendered.Deployment, "spec.template.spec.volumes")!).Children.OfType<YamlMappingNode>().Single(v => v["name"].ToString() == "secrets");
        Assert.Equal("aliddnsha-tsig", At(volume, "secret.secretName")!.ToString());
        Assert.Contains("@sha256:0123456789abcdef", rendered.Container["image"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigChange_ChangesTheChecksumThatRollsThePod()
    {
        var before = await HelmChart.RenderAsync(null, Ct);
        var after = await HelmChart.RenderAsync(null, Ct, "config.Targets[0].Ttl=120");
        var secret = await HelmChart.RenderAsync(null, Ct, "secrets.tsig.bind=c2VjcmV0");

        string Checksum(HelmChart.Rendered r, string name) => At(r.Deployment, "spec.template.metadata.annotations")![name].ToString();
        Assert.NotEqual(Checksum(before, "checksum/config"), Checksum(after, "checksum/config"));
        Assert.Equal(Checksum(before, "checksum/secret"), Checksum(after, "checksum/secret"));
        Assert.NotEqual(Checksum(before, "checksum/secret"), Checksum(secret, "checksum/secret"));
        Assert.Contains("Ttl: 120", after.Configuration, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistingConfigMap_IsMountedInsteadOfARenderedOne()
    {
        var rendered = await HelmChart.RenderAsync(null, Ct, "existingConfigMap=my-aliddnsha");

        Assert.Empty(rendered.OfKind("ConfigMap"));
        var volume = ((YamlSequenceNode)At(rendered.Deployment, "spec.template.spec.volumes")!).Children.OfType<YamlMappingNode>().Single(v => v["name"].ToString() == "config");
        Assert.Equal("my-aliddnsha", At(volume, "configMap.name")!.ToString());
    }

    [Fact]
    public async Task PrometheusRule_HoldsTheSameGroupsAsTheAlertsFile_AndPassesPromtoolAndTheRuleTests()
    {
        var rendered = await HelmChart.RenderAsync("alidns-values.yaml", Ct);
        var rule = rendered.Single("PrometheusRule");
        Assert.Equal("kube-prometheus-stack", At(rule, "metadata.labels.release")!.ToString());

        // Written as a rule file beside a copy of the rule tests, which name aliddnsha-alerts.yml.
        var groups = new YamlMappingNode { { "groups", At(rule, "spec.groups")! } };
        var rulesPath = Path.Combine(_folder, "aliddnsha-alerts.yml");
        await File.WriteAllTextAsync(rulesPath, Serialize(groups), Ct);
        var testsPath = Path.Combine(_folder, "aliddnsha-alerts.test.yml");
        File.Copy(RepositoryPaths.Get("config/prometheus/aliddnsha-alerts.test.yml"), testsPath);

        Assert.Equal(
            JsonSerializer.Serialize(ToPlain(LoadYaml(RepositoryPaths.Get("config/prometheus/aliddnsha-alerts.yml"))["groups"])),
            JsonSerializer.Serialize(ToPlain(At(rule, "spec.groups")!)));
        var promtool = ExternalTool.Find("promtool");
        var check = await ProcessRunner.RunAsync(promtool, ["check", "rules", "--lint=all", "--lint-fatal", rulesPath], cancellationToken: Ct);
        Assert.True(check.ExitCode == 0, check.ToString());
        var ruleCount = RuleCount().Match(check.StandardOutput);
        Assert.True(ruleCount.Success && int.Parse(ruleCount.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 14, check.StandardOutput);
        var tests = await ProcessRunner.RunAsync(promtool, ["test", "rules", testsPath], cancellationToken: Ct);
        Assert.True(tests.ExitCode == 0, tests.ToString());
    }

    [Fact]
    public async Task ServiceMonitor_ScrapesTheNamedPortAsJobAliddnsha_WithBasicAuthFromASecret()
    {
        var rendered = await HelmChart.RenderAsync("web-config-values.yaml", Ct);
        var endpoint = (YamlMappingNode)((YamlSequenceNode)At(rendered.Single("ServiceMonitor"), "spec.endpoints")!).Children[0];

        Assert.Equal("http", endpoint["port"].ToString());
        Assert.Equal("/metrics", endpoint["path"].ToString());
        Assert.Equal("aliddnsha-scrape", At(endpoint, "basicAuth.password.name")!.ToString());
        var job = ((YamlSequenceNode)endpoint["relabelings"]).Children.OfType<YamlMappingNode>().Single(r => r["targetLabel"].ToString() == "job");
        Assert.Equal("aliddnsha", job["replacement"].ToString());
        // The alert rules match on that job name.
        Assert.Contains("up{job=\"aliddnsha\"}", File.ReadAllText(RepositoryPaths.Get("config/prometheus/aliddnsha-alerts.yml")), StringComparison.Ordinal);
        // Basic auth must not lock the kubelet out: the probes' paths are public.
        Assert.Contains("/etc/aliddnsha/web/web.yml", rendered.Arguments);
        Assert.Matches(@"PublicPaths:\s*\n\s*- /healthz\s*\n\s*- /readyz", rendered.Configuration);
    }

    [Fact]
    public async Task WebConfigWithTls_ProbesAndScrapesOverHttps()
    {
        var rendered = await HelmChart.RenderAsync("stopped-host-network-values.yaml", Ct);

        Assert.Equal("0", At(rendered.Deployment, "spec.replicas")!.ToString());
        Assert.Equal("HTTPS", At(rendered.Container, "livenessProbe.httpGet.scheme")!.ToString());
        Assert.Equal("HTTPS", At(rendered.Container, "readinessProbe.httpGet.scheme")!.ToString());
        var endpoint = (YamlMappingNode)((YamlSequenceNode)At(rendered.Single("ServiceMonitor"), "spec.endpoints")!).Children[0];
        Assert.Equal("https", endpoint["scheme"].ToString());
        Assert.Empty(rendered.OfKind("PersistentVolumeClaim"));
        Assert.Equal("true", At(rendered.Deployment, "spec.template.spec.hostNetwork")!.ToString());
    }

    [Fact]
    public async Task GrafanaDashboard_IsTheShippedDashboard_LabelledForTheSidecar()
    {
        var rendered = await HelmChart.RenderAsync("alidns-values.yaml", Ct);
        var map = rendered.Find("ConfigMap", "-dashboard")!;

        Assert.Equal("1", At(map, "metadata.labels.grafana_dashboard")!.ToString());
        Assert.Equal("Network", At(map, "metadata.annotations.grafana_folder")!.ToString());
        Assert.Equal(
            File.ReadAllText(RepositoryPaths.Get("grafana/dashboards/aliddnsha.json")).TrimEnd(),
            At(map, "data.aliddnsha.json")!.ToString().TrimEnd());
    }

    [Fact]
    public async Task NetworkPolicy_AllowsDnsTheProviderApiAndEveryProbedPort()
    {
        var rendered = await HelmChart.RenderAsync("alidns-values.yaml", Ct);
        var policy = rendered.Single("NetworkPolicy");
        var egress = ((YamlSequenceNode)At(policy, "spec.egress")!).Children.OfType<YamlMappingNode>()
            .SelectMany(rule => ((YamlSequenceNode)rule["ports"]).Children.OfType<YamlMappingNode>())
            .Select(p => $"{p["protocol"]}/{p["port"]}")
            .ToHashSet();

        Assert.Equal(["Egress", "Ingress"], ((YamlSequenceNode)At(policy, "spec.policyTypes")!).Children.Select(c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.Superset(new HashSet<string> { "UDP/53", "TCP/53", "TCP/443", "TCP/8443" }, egress);
        Assert.Equal("monitoring", At((YamlMappingNode)((YamlSequenceNode)At(policy, "spec.ingress")!).Children[0], "from")!.AllNodes.OfType<YamlScalarNode>().Last().Value);
    }

    [Fact]
    public async Task Notes_TellHowToReachTheStatusPageAndWhereToLookFirst()
    {
        var result = await HelmChart.HelmAsync(["install", "aliddnsha", HelmChart.Folder, "--dry-run=client", "--namespace", "dns"], Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        var notes = result.StandardOutput[result.StandardOutput.IndexOf("NOTES:", StringComparison.Ordinal)..];
        Assert.Contains("kubectl -n dns port-forward svc/aliddnsha 9464:9464", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl -n dns logs deploy/aliddnsha", notes, StringComparison.Ordinal);
        Assert.Contains("exit code 2", notes, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Serialize(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>A YAML tree as plain values, so two renderings of the same data (line folding, quoting) compare equal.</summary>
    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => new SortedDictionary<string, object?>(map.Children.ToDictionary(p => p.Key.ToString(), p => ToPlain(p.Value)), StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    [GeneratedRegex(@"SUCCESS: (\d+) rules found")]
    private static partial Regex RuleCount();
}
