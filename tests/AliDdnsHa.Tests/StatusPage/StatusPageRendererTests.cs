// Licensed under the MIT license.

using System.Text;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.StatusPage;
using Microsoft.AspNetCore.Http;

namespace AliDdnsHa.Tests.StatusPage;

/// <summary>What the page renders, without a browser: escaping, language choice and durations.</summary>
public sealed class StatusPageRendererTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8", "en")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("de-DE,en;q=0.5,zh;q=0.7", "zh-CN")]
    [InlineData("fr-FR", "en")]
    [InlineData("", "en")]
    public void For_PicksTheBrowsersBestSupportedLanguage(string acceptLanguage, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptLanguage = acceptLanguage;
        Assert.Equal(expected, PageText.For(context.Request).Lang);
    }

    [Fact]
    public void For_LangParameterWins()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptLanguage = "en";
        context.Request.QueryString = new QueryString("?lang=zh-CN");
        Assert.Same(PageText.Chinese, PageText.For(context.Request));
    }

    [Fact]
    public void Render_EscapesEveryValueFromConfigurationProvidersAndProbes()
    {
        var hostile = "<script>alert(1)</script>";
        var status = new ControllerStatus("1.0", false, s_now, [], [Target(hostile)]);
        var events = new[] { new ControllerEvent(1, s_now, ControllerEventKinds.ProviderError, hostile, null, null, "X", null, null, null, null, $"provider failed: {hostile}") };

        var html = StatusPageRenderer.RenderDocument(status, events, PageText.English, s_now);

        Assert.DoesNotContain(hostile, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal); // no external assets
    }

    [Fact]
    public void RenderLive_ShowsSetsWorstCaseAndProviderError()
    {
        var html = new StringBuilder();
        StatusPageRenderer.RenderLive(html, new ControllerStatus("1.0", false, s_now, [], [Target("home.example.com")]), [], PageText.English, s_now);
        var text = html.ToString();

        Assert.Contains("<span class=\"chip leaving\">192.0.2.2</span>", text, StringComparison.Ordinal);
        Assert.Contains("<span class=\"chip joining\">192.0.2.3</span>", text, StringComparison.Ordinal);
        Assert.Contains("<b>10 min 11 s</b>", text, StringComparison.Ordinal); // 11 s detection + 600 s TTL
        Assert.Contains("Throttling.User", text, StringComparison.Ordinal);
        Assert.Contains("5 min ago", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderLive_LargeTarget_ListsEveryEndpointThatIsNotUp_AndCountsTheRest()
    {
        var endpoints = Enumerable.Range(1, 250)
            .Select(i => new EndpointStatus($"10.0.{i / 250}.{i % 250}", 443, i % 50 == 0 ? "Down" : "Up", i % 50 != 0, "success", 1, null, s_now, 3, 0, null, [], []))
            .ToList();
        var target = Target("big.example.com") with { Sources = [new SourceStatus("many", "Static", "", [.. endpoints.Select(e => e.Address)], null, s_now, endpoints, [])] };
        var html = new StringBuilder();

        StatusPageRenderer.RenderLive(html, new ControllerStatus("1.0", false, s_now, [], [target]), [], PageText.English, s_now);

        var text = html.ToString();
        Assert.Equal(StatusPageRenderer.MaxRowsPerTarget, text.Split("<tr data-source=", StringSplitOptions.None).Length - 1);
        Assert.Equal(5, text.Split("data-state=\"Down\"", StringSplitOptions.None).Length - 1);
        Assert.Contains("… and 150 more endpoints, all up", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderLive_Lines_ShowPublishedBesideDesiredAndAFallbackBadge_InBothLanguages()
    {
        var target = Target("home.example.com") with
        {
            Lines =
            [
                new LineStatus("default", ["ct", "cu"], ["local"], "Healthy", false, ["192.0.2.2"], ["192.0.2.2"], null, null, s_now),
                new LineStatus("telecom", ["ct"], ["local"], "Fallback", true, ["192.0.2.1", "192.0.2.2"], ["192.0.2.2"], null, null, s_now),
            ],
        };
        var english = new StringBuilder();
        var chinese = new StringBuilder();

        StatusPageRenderer.RenderLive(english, new ControllerStatus("1.0", false, s_now, [], [target]), [], PageText.English, s_now);
        StatusPageRenderer.RenderLive(chinese, new ControllerStatus("1.0", false, s_now, [], [target]), [], PageText.Chinese, s_now);

        var en = english.ToString();
        Assert.Contains("<tr data-line=\"telecom\" data-mode=\"Fallback\">", en, StringComparison.Ordinal);
        Assert.Contains("<span class=\"chip leaving\">192.0.2.1</span>", en[en.IndexOf("data-line=\"telecom\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge fallback\">on the default line's set</span>", en.Replace("&#39;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(1, en.Split("badge fallback", StringSplitOptions.None).Length - 1); // the default line has no badge
        var zh = chinese.ToString();
        Assert.Contains("<b>电信</b> <span class=\"meta\">telecom</span>", zh, StringComparison.Ordinal);
        Assert.Contains("暂用默认线路的地址", zh, StringComparison.Ordinal);
        Assert.Contains("<caption>解析线路</caption>", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderLive_TargetWithoutLines_HasNoLinesTable()
    {
        var target = Target("home.example.com") with { Lines = [new LineStatus("default", ["ct"], ["local"], "Healthy", false, [], [], null, null, null)] };
        var html = new StringBuilder();

        StatusPageRenderer.RenderLive(html, new ControllerStatus("1.0", false, s_now, [], [target]), [], PageText.English, s_now);

        Assert.DoesNotContain("table class=\"lines\"", html.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(42, "42 s", "42秒")]
    [InlineData(611, "10 min 11 s", "10分钟 11秒")]
    [InlineData(3600 * 3 + 300, "3 h 5 min", "3小时 5分钟")]
    [InlineData(86400 * 2 + 3600 * 4, "2 d 4 h", "2天 4小时")]
    public void Duration_IsShortInBothLanguages(int seconds, string english, string chinese)
    {
        Assert.Equal(english, StatusPageRenderer.Duration(TimeSpan.FromSeconds(seconds), PageText.English));
        Assert.Equal(chinese, StatusPageRenderer.Duration(TimeSpan.FromSeconds(seconds), PageText.Chinese));
    }

    private static TargetStatus Target(string name) => new(
        name,
        name,
        "A",
        null,
        "ali",
        "Healthy",
        false,
        false,
        ["local"],
        true,
        ["192.0.2.1", "192.0.2.2"],
        ["192.0.2.1", "192.0.2.3"],
        new ReconcileStatus(s_now.AddMinutes(-5), "failed", "Request was denied due to user flow control.", "Throttling.User", null),
        new ChangeStatus(s_now.AddMinutes(-30), ["+ 192.0.2.1 (ttl 600)"]),
        s_now.AddMinutes(-30),
        600,
        11,
        [new SourceStatus(name, "Static", "192.0.2.1", ["192.0.2.1"], null, s_now, [
            new EndpointStatus("192.0.2.1", 443, "Up", true, "success", 1.5, null, s_now, 5, 0, null, [], [1.0, null, 2.5]),
        ], [])]);
}
