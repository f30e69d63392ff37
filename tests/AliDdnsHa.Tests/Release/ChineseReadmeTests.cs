// Licensed under the MIT license.

using System.Text.RegularExpressions;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>The Chinese pages stay in step with the English ones: every command a Chinese reader copies is the one the
/// English quickstart, installation, Alidns setup and deployments give.</summary>
public sealed partial class ChineseReadmeTests
{
    private static readonly string s_english = Read("README.md");
    private static readonly string s_chinese = Read("README.zh-CN.md");

    [Theory]
    [InlineData("README.md", "## Quickstart", "README.zh-CN.md")]
    [InlineData("README.md", "## Install", "README.zh-CN.md")]
    [InlineData("README.md", "## A real configuration for Alibaba Cloud DNS", "README.zh-CN.md")]
    [InlineData("docs/providers.md", "## AlibabaCloud provider (Alidns)", "docs/zh-CN/alidns.md")]
    [InlineData("docs/where-to-run.md", "## Three sensible deployments", "docs/zh-CN/where-to-run.md")]
    public void EveryCodeBlockOfTheEnglishSection_AppearsInTheChinesePage(string englishPage, string heading, string chinesePage)
    {
        var blocks = CodeBlock().Matches(Section(Read(englishPage), heading)).Select(m => m.Value).ToList();
        var chinese = Read(chinesePage);

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => Assert.True(chinese.Contains(block, StringComparison.Ordinal), $"{chinesePage} lacks this block of {englishPage} '{heading}':\n{block}"));
    }

    [Fact]
    public void TheReadmesLinkEachOther_AndTheChineseOneCoversWhatTheIssueAsks()
    {
        Assert.Contains("[简体中文](README.zh-CN.md)", s_english, StringComparison.Ordinal);
        Assert.Contains("[English](README.md)", s_chinese, StringComparison.Ordinal);
        foreach (var heading in new[] { "## 快速开始", "## 安装", "## 阿里云 DNS 最小配置", "## 文档" })
        {
            Assert.Contains("\n" + heading + "\n", s_chinese, StringComparison.Ordinal);
        }

        Assert.Contains("\n# 阿里云 DNS（Alidns）配置\n", "\n" + Read("docs/zh-CN/alidns.md"), StringComparison.Ordinal);
        Assert.Contains("\n# 在哪里运行\n", "\n" + Read("docs/zh-CN/where-to-run.md"), StringComparison.Ordinal);
        Assert.Contains("\n## 状态页\n", Read("docs/zh-CN/operations.md"), StringComparison.Ordinal);
    }

    private static string Read(string page) => File.ReadAllText(RepositoryPaths.Get(page));

    /// <summary>From <paramref name="heading"/> to the next heading of the same or a higher level.</summary>
    private static string Section(string text, string heading)
    {
        var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}'");
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
