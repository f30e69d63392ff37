// Licensed under the MIT license.

using System.Diagnostics;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary><c>docker run -p 9464:9464 aliddnsha</c> without a mounted config, outside Docker: the bare binary's embedded
/// quickstart in a network namespace of its own (a container's network), with the variables Microsoft's images set.
/// With DOTNET_RUNNING_IN_CONTAINER it listens where a published port leads (the namespace's own address, reached from
/// here); without it, only on the namespace's loopback.</summary>
public sealed class QuickstartInContainerTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-container-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EmbeddedQuickstart_IsReachedFromOutside_OnlyInAContainer(bool inContainer)
    {
        await using var ns = await NetworkNamespace.CreateAsync(Ct);
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_RUNNING_IN_CONTAINER"] = inContainer ? "true" : "",
            ["ASPNETCORE_HTTP_PORTS"] = "8080", // as the runtime-deps images set it: the quickstart's port still wins
        };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var run = ns.Start(ExternalTool.Find("dotnet"), ["exec", Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll"), "run"], _folder, environment, output.Enqueue);
        try
        {
            // Up inside first: the quickstart publishes its own address once it runs.
            var watch = Stopwatch.StartNew();
            while (!(await CurlAsync(ns, "http://127.0.0.1:9464/healthz")).StandardOutput.StartsWith("Healthy", StringComparison.Ordinal))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30) && !run.HasExited, $"the quickstart did not start: {string.Join('\n', output)}");
                await Task.Delay(100, Ct); // another process: poll it as a client would
            }

            var outside = await ProcessRunner.RunAsync(ExternalTool.Find("curl"), ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", $"http://{ns.InsideAddress}:9464/"], cancellationToken: Ct);
            Assert.Equal(inContainer ? "200" : "000", outside.StandardOutput.Trim());
        }
        finally
        {
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync(Ct);
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static Task<ProcessResult> CurlAsync(NetworkNamespace ns, string url) =>
        ns.RunAsync(ExternalTool.Find("curl"), ["-s", "--max-time", "2", url], Ct);
}
