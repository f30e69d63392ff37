// Licensed under the MIT license.

using AliDdnsHa.Testing;
using PuppeteerSharp;

namespace AliDdnsHa.Tests.StatusPage;

/// <summary>Debian's Chromium (installed by scripts/install-test-deps.sh), launched headless once per test class
/// through PuppeteerSharp. Nothing is downloaded.</summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");

    /// <summary>Where screenshots go: TestResults/screenshots under the repository (ignored by git, kept by CI).</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(RepositoryPaths.Get("TestResults/screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run scripts/install-test-deps.sh");
        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // As root, Chromium refuses to start without it; the page under test is our own, on loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }
    }
}
