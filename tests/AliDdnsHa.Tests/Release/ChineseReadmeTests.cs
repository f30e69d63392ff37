// Licensed under the MIT license.

using System.Text.RegularExpressions;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>README.zh-CN.md stays in step with README.md: every command a Chinese reader copies is the one the English
/// quickstart, installation and Alidns setup give.</summary>
public sealed partial class ChineseReadmeTests
{
    private static readonly string s_english = File.ReadAllText(RepositoryPaths.Get("README.md"));
    private static readonly string s_chinese = File.ReadAllText(RepositoryPaths.Get("README.zh-CN.md"));

    [Theory]
    [InlineData("## Quickstart")]
    [InlineData("## Install")]
    [InlineData("### AlibabaCloud provider (Alidns)")]
    [InlineData("### Three sensible deployments")]
    public void EveryCodeBlockOfTheEnglishSection_AppearsInTheChineseReadme(string heading)
    {
        var blocks = CodeBlock().Matches(Section(s_english, heading)).Select(m => m.Value).ToList();

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => Assert.True(s_chinese.Contains(block, StringComparison.Ordinal), $"README.zh-CN.md lacks this block of '{heading}':\n{block}"));
    }

    [Fact]
    public void TheReadmesLinkEachOther_AndTheChineseOneCoversWhatTheIssueAsks()
    {
        Assert.Contains("[简体中文](README.zh-CN.md)", s_english, StringComparison.Ordinal);
        Assert.Contains("[English](README.md)", s_chinese, StringComparison.Ordinal);
        foreach (var heading in new[] { "## 快速开始", "## 安装", "## 阿里云 DNS（Alidns）配置", "## 在哪里运行", "## 状态页" })
        {
            Assert.Contains("\n" + heading + "\n", s_chinese, StringComparison.Ordinal);
        }
    }

    /// <summary>From <paramref name="heading"/> to the next heading of the same or a higher level.</summary>
    private static string Section(string text, string heading)
    {
        var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{heading}'");
        var level = heading.IndexOf(' ', StringComparison.Ordinal);
        var end = start + heading.Length + 2;
        while (true)
        {
            var next = text.IndexOf("\n#", end, StringComparison.Ordinal);
            if (next < 0)
            {
                return text[start..];
            }

            var hashes = text[(next + 1)..].TakeWhile(c => c == '#').Count();
            if (hashes <= level && text[next + 1 + hashes] == ' ' && !InCodeBlock(text, next))
            {
                return text[start..next];
            }

            end = next + 1;
        }
    }

    private static bool InCodeBlock(string text, int index) => CodeFence().Count(text[..index]) % 2 == 1;

    [GeneratedRegex(@"```[a-z]*\n.*?```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^```", RegexOptions.Multiline)]
    private static partial Regex CodeFence();
}
