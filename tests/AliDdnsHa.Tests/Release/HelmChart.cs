// Licensed under the MIT license.

using AliDdnsHa.Testing;
using YamlDotNet.RepresentationModel;

namespace AliDdnsHa.Tests.Release;

/// <summary>charts/aliddnsha rendered by the real helm (from <c>.tools/helm</c>, which scripts/install-test-deps.sh
/// unpacks), and the objects it rendered.</summary>
internal static class HelmChart
{
    public const string ChartPath = "charts/aliddnsha";

    public static string Folder => RepositoryPaths.Get(ChartPath);

    /// <summary>The ci/*-values.yaml cases, by file name.</summary>
    public static IReadOnlyList<string> CiCaseNames() =>
        Directory.GetFiles(Path.Combine(Folder, "ci"), "*-values.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static Task<ProcessResult> HelmAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(ExternalTool.Find("helm"), arguments, cancellationToken: cancellationToken);

    /// <summary><c>helm template</c> with a ci case (or none) and <c>--set</c> pairs; the raw result.</summary>
    public static Task<ProcessResult> TemplateAsync(string? ciCase, IEnumerable<string> sets, CancellationToken cancellationToken)
    {
        List<string> arguments = ["template", "aliddnsha", Folder, "--namespace", "dns"];
        if (ciCase is not null)
        {
            arguments.AddRange(["-f", Path.Combine(Folder, "ci", ciCase)]);
        }

        foreach (var set in sets)
        {
            arguments.AddRange(["--set", set]);
        }

        return HelmAsync(arguments, cancellationToken);
    }

    /// <summary>Renders and parses; fails the test when helm does.</summary>
    public static async Task<Rendered> RenderAsync(string? ciCase, CancellationToken cancellationToken, params string[] sets)
    {
        var result = await TemplateAsync(ciCase, sets, cancellationToken);
        Assert.True(result.ExitCode == 0, result.ToString());
        return new Rendered(result.StandardOutput);
    }

    /// <summary>The objects of one rendering.</summary>
    internal sealed class Rendered
    {
        public Rendered(string yaml)
        {
            Yaml = yaml;
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            Objects = stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
        }

        public string Yaml { get; }

        public IReadOnlyList<YamlMappingNode> Objects { get; }

        public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => o["kind"].ToString() == kind);

        public YamlMappingNode? Find(string kind, string? nameSuffix = null) =>
            OfKind(kind).FirstOrDefault(o => nameSuffix is null || Name(o).EndsWith(nameSuffix, StringComparison.Ordinal));

        public YamlMappingNode Single(string kind) => Assert.Single(OfKind(kind));

        public YamlMappingNode Deployment => Single("Deployment");

        public YamlMappingNode Container => (YamlMappingNode)((YamlSequenceNode)At(Deployment, "spec.template.spec.containers")!).Children[0];

        /// <summary>The container's environment as name → value.</summary>
        public IReadOnlyDictionary<string, string> Environment =>
            At(Container, "env") is YamlSequenceNode env
                ? env.Children.OfType<YamlMappingNode>().ToDictionary(e => e["name"].ToString(), e => e["value"].ToString())
                : new Dictionary<string, string>();

        public IReadOnlyList<string> Arguments => ((YamlSequenceNode)Container["args"]).Children.Select(a => a.ToString()).ToList();

        /// <summary>The program's configuration as rendered into the ConfigMap.</summary>
        public string? Configuration => Find("ConfigMap", "aliddnsha") is { } map ? At(map, "data.aliddnsha.yaml")?.ToString() : null;

        public static string Name(YamlMappingNode node) => node["metadata"]["name"].ToString();

        /// <summary>A node by dotted path (keys may contain dots only as the last segment, as data keys do).</summary>
        public static YamlNode? At(YamlNode node, string path)
        {
            var current = node;
            var segments = path.Split('.');
            for (var i = 0; i < segments.Length; i++)
            {
                if (current is not YamlMappingNode map)
                {
                    return null;
                }

                var key = segments[i];
                if (!map.Children.TryGetValue(new YamlScalarNode(key), out var next))
                {
                    // A data key such as "aliddnsha.yaml" holds a dot: try the rest of the path as one key.
                    var rest = string.Join('.', segments[i..]);
                    return map.Children.TryGetValue(new YamlScalarNode(rest), out var whole) ? whole : null;
                }

                current = next;
            }

            return current;
        }
    }
}
