// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests;

/// <summary>The real executable in a child process: starts, publishes, stops gracefully on SIGTERM and reloads its
/// file on SIGHUP.</summary>
public sealed partial class ProgramTests
{
    private const int SigTerm = 15;
    private const int SigHup = 1;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [Fact]
    public async Task Run_SigTerm_StopsGracefullyWithExitCodeZero()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var config = new TempConfig(OneTarget(listener.Port));
        using var child = new ChildController(config.Path, "provider confirmed 1 change(s)");

        await child.SeenAsync("provider confirmed 1 change(s)", TimeSpan.FromSeconds(60));
        Assert.Equal(["127.0.0.1"], config.Published("home.example.test"));

        Assert.Equal(0, Kill(child.Process.Id, SigTerm));
        await child.Process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(0, child.Process.ExitCode);
        Assert.Contains(child.Output, l => l.Contains("AliDdnsHa stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_SigHup_ReloadsTheFile_AndKeepsRunning()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var config = new TempConfig(OneTarget(listener.Port));
        using var child = new ChildController(config.Path, "provider confirmed 1 change(s)", "Configuration reloaded (SIGHUP)");

        await child.SeenAsync("provider confirmed 1 change(s)", TimeSpan.FromSeconds(60));
        var text = await File.ReadAllTextAsync(config.Path, Ct);
        await File.WriteAllTextAsync(config.Path, text + $$"""

              - Name: second.example.test
                Provider: local
                Probe: { Interval: 1s, FastInterval: 100ms, Timeout: 500ms }
                Sources:
                  - { Name: self, Address: 127.0.0.1, Port: {{listener.Port}} }
            """, Ct);

        Assert.Equal(0, Kill(child.Process.Id, SigHup));
        await child.SeenAsync("Configuration reloaded (SIGHUP)", TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (config.Published("second.example.test").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(["127.0.0.1"], config.Published("second.example.test"));
        Assert.Equal(["127.0.0.1"], config.Published("home.example.test"));
        Assert.False(child.Process.HasExited);
        Assert.Contains(child.Output, l => l.Contains("targets: 1 added (second.example.test), 0 changed, 0 removed, 1 unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_StartedWithSigHupIgnored_SaysSoAtStart()
    {
        // What nohup does: the process inherits SIGHUP ignored and could never reload on it.
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var config = new TempConfig(OneTarget(listener.Port));
        using var child = new ChildController(config.Path, hangupIgnored: true, "SIGHUP is ignored by this process", "provider confirmed 1 change(s)");

        await child.SeenAsync("SIGHUP is ignored by this process", TimeSpan.FromSeconds(60));
        await child.SeenAsync("provider confirmed 1 change(s)", TimeSpan.FromSeconds(60)); // and otherwise runs as usual
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

    /// <summary><c>aliddnsha run --config PATH</c> in a child process, its output collected, and a signal for each
    /// awaited line the first time it appears. Killed on dispose if it is still running.</summary>
    private sealed class ChildController : IDisposable
    {
        private readonly Dictionary<string, TaskCompletionSource> _awaited;

        public ChildController(string configPath, params string[] awaitedLines)
            : this(configPath, hangupIgnored: false, awaitedLines)
        {
        }

        public ChildController(string configPath, bool hangupIgnored, params string[] awaitedLines)
        {
            _awaited = awaitedLines.ToDictionary(l => l, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var dll = Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll");
            // Through env --default-signal=HUP: a test run started under nohup hands SIGHUP down ignored, and .NET leaves
            // an ignored signal ignored, so the child would never see the reload signal.
            Process = ProcessRunner.Start("env", [hangupIgnored ? "--ignore-signal=HUP" : "--default-signal=HUP", "dotnet", "exec", dll, "run", "--config", configPath], onLine: line =>
            {
                Output.Enqueue(line);
                foreach (var (text, seen) in _awaited)
                {
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        seen.TrySetResult();
                    }
                }
            });
        }

        public Process Process { get; }

        public ConcurrentQueue<string> Output { get; } = new();

        /// <summary>Waits for <paramref name="line"/>; on timeout, fails with everything the child has written.</summary>
        public async Task SeenAsync(string line, TimeSpan within)
        {
            try
            {
                await _awaited[line].Task.WaitAsync(within, Ct);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"\"{line}\" not seen within {within.TotalSeconds} s (exited: {Process.HasExited}); output:\n{string.Join('\n', Output)}");
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
