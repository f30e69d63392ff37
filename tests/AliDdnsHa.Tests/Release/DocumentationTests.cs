// Licensed under the MIT license.

using System.Text.RegularExpressions;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>The README is a front door and the docs hold the rest: the README stays short, links every page, and every
/// relative link in the documentation resolves, down to the heading it points at.</summary>
public sealed partial class DocumentationTests
{
    public static TheoryData<string> Pages =>
    [
        .. new[] { "README.md", "README.zh-CN.md" }
            .Concat(Directory.GetFiles(RepositoryPaths.Get("docs"), "*.md", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(RepositoryPaths.Root, p).Replace('\\', '/')))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Readme_IsAFrontDoor_OfAtMost300Lines()
    {
        var readme = File.ReadAllLines(RepositoryPaths.Get("README.md"));

        Assert.True(readme.Length <= 300, $"README.md has {readme.Length} lines");
        foreach (var section in new[] { "## Quickstart", "## Install", "## A real configuration for Alibaba Cloud DNS", "## Documentation" })
        {
            Assert.Contains(section, readme);
        }

        // The two commands: the controller with the embedded-default quickstart, and every test.
        var text = string.Join('\n', readme);
        Assert.Contains("dotnet run --project src/AliDdnsHa -- run --config config/quickstart.yaml", text, StringComparison.Ordinal);
        Assert.Contains("bash scripts/test.sh", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_LinksEveryEnglishDocsPage()
    {
        var readme = File.ReadAllText(RepositoryPaths.Get("README.md"));
        var linked = Links(readme).Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        foreach (var page in Directory.GetFiles(RepositoryPaths.Get("docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)))
        {
            Assert.Contains(page, linked);
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLink_Resolves_ToAFileAndHeading(string page)
    {
        var path = RepositoryPaths.Get(page);
        var broken = new List<string>();
        foreach (var (line, target) in Links(File.ReadAllText(path)))
        {
            if (UriScheme().IsMatch(target))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{page}:{line}: {target} (no such file)");
            }
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
            {
                broken.Add($"{page}:{line}: {target} (no such heading)");
            }
        }

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Fact]
    public void LinkChecker_FindsABrokenLinkAndABrokenAnchor()
    {
        var links = Links("see [a](docs/none.md) and [b](#nowhere)\n```\n[c](inside/a/code/block.md)\n```\n").ToList();
        var anchors = Anchors("# Dual stack, IPv6 and CGNAT\n## ISP lines (解析线路)\n## Rfc2136 provider (BIND, Knot, …)\n");

        Assert.Equal([(1, "docs/none.md"), (1, "#nowhere")], links);
        Assert.Equal(["dual-stack-ipv6-and-cgnat", "isp-lines-解析线路", "rfc2136-provider-bind-knot-"], anchors.Order(StringComparer.Ordinal));
    }

    /// <summary>Markdown links outside fenced code blocks, with their line numbers.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        var inCode = false;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode)
            {
                foreach (Match match in Link().Matches(lines[i]))
                {
                    yield return (i + 1, match.Groups[1].Value);
                }
            }
        }
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (!inCode && Heading().Match(line) is { Success: true } heading)
            {
                anchors.Add(NotWordSpaceOrHyphen().Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'));
            }
        }

        return anchors;
    }

    [GeneratedRegex(@"\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex NotWordSpaceOrHyphen();

    [GeneratedRegex("^[a-z][a-z0-9+.-]*:")]
    private static partial Regex UriScheme();
}
