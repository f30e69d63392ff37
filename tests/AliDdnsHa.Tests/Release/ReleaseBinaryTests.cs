// Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>What the Docker build and image do, outside Docker: copy what the Dockerfile copies, run
/// scripts/publish.sh for linux-x64 (the NativeAOT binary), then run that binary the way the image does — from "/" with
/// config/aliddnsha.yaml and data/, CMD run, the HEALTHCHECK command, SIGTERM — against all three providers, so
/// trimming or AOT cannot silently break the Alidns client (JSON, signing), RFC 2136 (ARSoft.Tools.Net) or hosting.
/// It runs under the kernel's memory-deny-write-execute policy, as the systemd unit's MemoryDenyWriteExecute=yes
/// asks.</summary>
public sealed class ReleaseBinaryTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("aliddnsha-release-").FullName;
    private readonly LoopbackListener _listener = new(IPAddress.Parse("127.0.0.91"));
    private readonly AlidnsEmulator _alidns = new();
    private BindServer? _bind;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bind = await BindServer.StartAsync(cancellationToken: Ct);

    [Fact]
    public async Task PublishedAotBinary_RunsAsTheImageRunsIt_WithEveryProvider()
    {
        var binary = await PublishAsync();
        Assert.Equal("ELF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(binary).AsSpan(1, 3)));
        var root = Directory.CreateDirectory(Path.Combine(_work, "rootfs")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "config"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        var port = FreePort.Next();
        _alidns.AddKey("LTAI5tReleaseTest01", "ReleaseTestSecret");
        _alidns.AddDomain("example.com");
        await File.WriteAllTextAsync(Path.Combine(root, "config", "aliddnsha.yaml"), $$"""
            Urls: http://127.0.0.1:{{port}}
            Providers:
              local: { Type: HostsFile, Path: ./data/hosts }
              ali: { Type: AlibabaCloud, Endpoint: "{{_alidns.Endpoint}}", AccessKeyIdFile: ./config/ak-id, AccessKeySecretFile: ./config/ak-secret }
              bind: { Type: Rfc2136, Server: "{{_bind!.Server}}", Zone: {{BindServer.Zone}}, TsigSecretFile: "{{_bind.KeyFile}}" }
            Targets:
            {{string.Join('\n', new[] { ("local", "home.example.net", 60), ("ali", "home.example.com", 600), ("bind", "home." + BindServer.Zone, 60) }.Select(t =>
                $"  - {{ Name: {t.Item2}, Provider: {t.Item1}, Ttl: {t.Item3}, Port: {_listener.Port}, Probe: {{ Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }}, Sources: [ {{ Name: wan1, Address: {_listener.Address} }} ] }}"))}}
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(root, "config", "ak-id"), "LTAI5tReleaseTest01\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(root, "config", "ak-secret"), "ReleaseTestSecret\n", Ct);

        var check = await ProcessRunner.RunAsync(binary, ["check-config"], workingDirectory: root, cancellationToken: Ct);
        Assert.True(check.ExitCode == 0, check.ToString());

        // The policy really holds: the JIT of the framework-dependent build cannot run under it.
        var mdwe = await CompileMdweLauncherAsync();
        var jit = await ProcessRunner.RunAsync(mdwe, [ExternalTool.Find("dotnet"), "exec", Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll"), "--version"], cancellationToken: Ct);
        Assert.NotEqual(0, jit.ExitCode);

        using var run = ProcessRunner.Start(mdwe, [binary, "run"], root);
        try
        {
            var watch = Stopwatch.StartNew();
            ProcessResult health;
            while ((health = await ProcessRunner.RunAsync(binary, ["healthcheck"], workingDirectory: root, cancellationToken: Ct)).ExitCode != 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30) && !run.HasExited, $"never healthy: {health}");
                await Task.Delay(100, Ct); // another process: poll the command the HEALTHCHECK runs
            }

            var address = _listener.Address.ToString();
            while (!(File.Exists(Path.Combine(root, "data", "hosts")) && File.ReadAllText(Path.Combine(root, "data", "hosts")).Contains(address, StringComparison.Ordinal)
                && _alidns.Values("example.com", "home").SequenceEqual([address])
                && (await _bind.DigAsync("home." + BindServer.Zone, cancellationToken: Ct)).SequenceEqual([address])))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60) && !run.HasExited, "the three providers were not all written");
                await Task.Delay(100, Ct);
            }

            Assert.Equal(0, await ProcessRunner.TerminateAsync(run, TimeSpan.FromSeconds(30), Ct));
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        _alidns.Dispose();
        if (_bind is not null)
        {
            await _bind.DisposeAsync();
        }

        Directory.Delete(_work, recursive: true);
    }

    private Task<string> PublishAsync() => ReleaseBuild.PublishAsync(_work, "linux-x64", Ct);

    /// <summary>Builds tests/AliDdnsHa.Tests/Release/mdwe-exec.c with clang (installed by install-test-deps).</summary>
    private async Task<string> CompileMdweLauncherAsync()
    {
        var launcher = Path.Combine(_work, "mdwe-exec");
        var compile = await ProcessRunner.RunAsync(ExternalTool.Find("clang"), ["-O2", "-Wall", "-Werror", "-o", launcher, RepositoryPaths.Get("tests/AliDdnsHa.Tests/Release/mdwe-exec.c")], cancellationToken: Ct);
        Assert.True(compile.ExitCode == 0, compile.ToString());
        return launcher;
    }
}
