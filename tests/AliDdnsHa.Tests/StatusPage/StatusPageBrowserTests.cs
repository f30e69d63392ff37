// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using PuppeteerSharp;

namespace AliDdnsHa.Tests.StatusPage;

/// <summary>The status page of a running controller, in a real headless Chromium: what it shows, that it follows a
/// listener going down without a reload, both languages, and phone width.</summary>
public sealed class StatusPageBrowserTests : IClassFixture<HeadlessChromium>, IAsyncDisposable
{
    private const string Name = "home.example.com";
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(30);

    private readonly HeadlessChromium _chromium;
    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 60}")))];
    private readonly List<string> _consoleErrors = [];
    private TempConfig? _config;
    private WebApplication? _app;

    public StatusPageBrowserTests(HeadlessChromium chromium) => _chromium = chromium;

    private string[] All => [.. _listeners.Select(l => l.Address.ToString())];

    [Fact]
    public async Task English_ShowsTheSets_AndFollowsAListenerGoingDown()
    {
        var target = await StartAsync();
        await using var page = await OpenAsync("en-US,en;q=0.9", 1280, 900);

        Assert.Equal("AliDdnsHa status", await page.GetTitleAsync());
        Assert.Equal("en", await page.EvaluateExpressionAsync<string>("document.documentElement.lang"));
        Assert.Equal(All, await Texts(page, $"section[data-target='{Name}'] .set.published .chip"));
        Assert.Equal(["Up", "Up", "Up"], await Attributes(page, "tr[data-address]", "data-state"));
        var worst = await page.EvaluateExpressionAsync<string>("document.querySelector('.worst-case').textContent");
        Assert.Contains("up to 1 min", worst, StringComparison.Ordinal); // 0.5 + 2 × 0.25 + 0.25 s detection + 60 s TTL
        await Screenshot(page, "status-en-desktop.png");

        _listeners[1].Close();
        await ReconcileWait.UntilAsync(target, () => _config!.Published(Name).SequenceEqual([All[0], All[2]]));

        // No reload: the page's own refresh must bring the change in.
        await page.WaitForFunctionAsync(
            $"() => document.querySelector(\"tr[data-address='{All[1]}']\")?.dataset.state === 'Down' && document.querySelectorAll(\"section[data-target='{Name}'] .set.published .chip\").length === 2",
            new WaitForFunctionOptions { Timeout = (int)s_budget.TotalMilliseconds, PollingInterval = 100 });
        Assert.Equal([All[0], All[2]], await Texts(page, $"section[data-target='{Name}'] .set.published .chip"));
        var events = await Texts(page, ".events li[data-kind='endpoint_down']");
        Assert.Contains(events, e => e.Contains($"wan2 {All[1]} is down (refused): it is removed from {Name}; 2 of 3 lines healthy", StringComparison.Ordinal));
        Assert.Contains(await Texts(page, ".events li[data-kind='records_changed']"), e => e.Contains($"- {All[1]}", StringComparison.Ordinal));
        await Screenshot(page, "status-en-after-failover.png");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Chinese_AtPhoneWidth_FitsTheScreen()
    {
        var target = await StartAsync();
        _listeners[2].Close();
        await ReconcileWait.UntilAsync(target, () => _config!.Published(Name).SequenceEqual(All[..2]) && target.GetStatus().Sources[2].Endpoints.Single().State == "Down");
        await using var page = await OpenAsync("zh-CN,zh;q=0.9,en;q=0.8", 390, 844);

        Assert.Equal("AliDdnsHa 状态", await page.GetTitleAsync());
        Assert.Equal("zh-CN", await page.EvaluateExpressionAsync<string>("document.documentElement.lang"));
        var text = await page.EvaluateExpressionAsync<string>("document.body.innerText");
        Assert.Contains("已发布", text, StringComparison.Ordinal);
        Assert.Contains("用户最坏情况", text, StringComparison.Ordinal);
        Assert.Contains("故障", text, StringComparison.Ordinal);
        Assert.Contains($"wan3 {All[2]} 故障（拒绝连接）", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Published", text, StringComparison.Ordinal);

        // Only the endpoint table may scroll sideways (inside its card); the page itself fits a phone.
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than the phone");
        await Screenshot(page, "status-zh-CN-phone.png");

        // ?lang= wins over the browser's language.
        await page.GoToAsync(_app!.Url("/?lang=en").ToString());
        Assert.Equal("AliDdnsHa status", await page.GetTitleAsync());
        Assert.Empty(_consoleErrors);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _config?.Dispose();
    }

    private async Task<TargetController> StartAsync()
    {
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - Name: {{Name}}
                Provider: local
                Ttl: 60
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms, FailureThreshold: 3, SuccessThreshold: 2 }
                Sources:
                  - { Name: wan1, Address: {{All[0]}}, Port: {{_listeners[0].Port}} }
                  - { Name: wan2, Address: {{All[1]}}, Port: {{_listeners[1].Port}} }
                  - { Name: wan3, Address: {{All[2]}}, Port: {{_listeners[2].Port}} }
            """);
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        await ReconcileWait.UntilAsync(target, () => target.InitialProbeCompleted && target.HasSynced);
        return target;
    }

    private async Task<IPage> OpenAsync(string acceptLanguage, int width, int height)
    {
        var page = await _chromium.Browser.NewPageAsync();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add($"{e.Message.Text} ({e.Message.Location?.URL})");
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (_consoleErrors)
            {
                _consoleErrors.Add(e.Message);
            }
        };
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height, IsMobile = width < 600, HasTouch = width < 600, DeviceScaleFactor = 1 });
        await page.SetExtraHttpHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage });
        var response = await page.GoToAsync(_app!.Url("/").ToString());
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return page;
    }

    private static async Task<string[]> Texts(IPage page, string selector) =>
        await page.EvaluateFunctionAsync<string[]>("s => [...document.querySelectorAll(s)].map(e => e.textContent.trim())", selector);

    private static async Task<string[]> Attributes(IPage page, string selector, string attribute) =>
        await page.EvaluateFunctionAsync<string[]>("(s, a) => [...document.querySelectorAll(s)].map(e => e.getAttribute(a))", selector, attribute);

    private static async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(HeadlessChromium.ScreenshotFolder, name);
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is empty");
        TestContext.Current.AddAttachment(name, path);
    }
}
