// Licensed under the MIT license.

using System.Net;
using System.Runtime.InteropServices;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests;

/// <summary>The real executable in a child process: starts, publishes, and stops gracefully on SIGTERM.</summary>
public sealed partial class ProgramTests
{
    private const int SigTerm = 15;
    private const int SigHup = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [Fact]
    public async Task Run_SigTerm_StopsGracefullyWithExitCodeZero()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var config = new TempConfig(OneTarget(listener.Port));
        var dll = Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = ProcessRunner.Start("dotnet", ["exec", dll, "run", "--config", config.Path], onLine: line =>
        {
            output.Enqueue(line);
            if (line.Contains("provider confirmed 1 change(s)", StringComparison.Ordinal))
            {
                published.TrySetResult();
            }
        });
        try
        {
            await published.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.Equal(["127.0.0.1"], config.Published("home.example.test"));

            Assert.Equal(0, Kill(process.Id, SigTerm));
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

            Assert.Equal(0, process.ExitCode);
            Assert.Contains(output, l => l.Contains("AliDdnsHa stopped", StringComparison.Ordinal));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Run_SigHup_ReloadsTheFile_AndKeepsRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var config = new TempConfig(OneTarget(listener.Port));
        var dll = Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = ProcessRunner.Start("dotnet", ["exec", dll, "run", "--config", config.Path], onLine: line =>
        {
            output.Enqueue(line);
            if (line.Contains("provider confirmed 1 change(s)", StringComparison.Ordinal))
            {
                published.TrySetResult();
            }

            if (line.Contains("Configuration reloaded (SIGHUP)", StringComparison.Ordinal))
            {
                reloaded.TrySetResult();
            }
        });
        try
        {
            await published.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            var text = await File.ReadAllTextAsync(config.Path, ct);
            await File.WriteAllTextAsync(config.Path, text + $$"""

                  - Name: second.example.test
                    Provider: local
                    Probe: { Interval: 1s, FastInterval: 100ms, Timeout: 500ms }
                    Sources:
                      - { Name: self, Address: 127.0.0.1, Port: {{listener.Port}} }
                """, ct);

            Assert.Equal(0, Kill(process.Id, SigHup));
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (config.Published("second.example.test").Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, ct);
            }

            Assert.Equal(["127.0.0.1"], config.Published("second.example.test"));
            Assert.Equal(["127.0.0.1"], config.Published("home.example.test"));
            Assert.False(process.HasExited);
            Assert.Contains(output, l => l.Contains("targets: 1 added (second.example.test), 0 changed, 0 removed, 1 unchanged", StringComparison.Ordinal));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>One target on the hosts file, its one source the listener on 127.0.0.1.</summary>
    private static string OneTarget(int port) => $$"""
        Urls: http://127.0.0.1:0
        Providers:
          local: { Type: HostsFile, Path: "{hosts}" }
        Targets:
          - Name: home.example.test
            Provider: local
            Probe: { Interval: 1s, FastInterval: 100ms, Timeout: 500ms }
            Sources:
              - { Name: self, Address: 127.0.0.1, Port: {{port}} }
        """;
}
