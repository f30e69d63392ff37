// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>The linux-arm64 NativeAOT binary a Raspberry Pi runs, cross-published with the project's scripts and run on
/// this amd64 machine under qemu-user (<c>qemu-aarch64-static</c>, without <c>-L</c>: the cross package's ld.so and the
/// arm64 glibc are different builds, and together they hang the first thread start). It answers --version, runs the
/// embedded quickstart, fails over an Alidns record set against the strict emulator (every request signed through the
/// arm64 OpenSSL), and exits 0 on SIGTERM.</summary>
public sealed class Arm64BinaryTests : IAsyncDisposable
{
    private const ushort AArch64 = 183; // ELF e_machine

    private readonly string _work = Directory.CreateTempSubdirectory("aliddnsha-arm64-").FullName;
    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 2).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{i + 180}")))];
    private readonly AlidnsEmulator _alidns = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Arm64Binary_UnderQemu_AnswersVersion_RunsTheQuickstart_AndFailsOverAlidns()
    {
        var qemu = RequireArm64Tools();
        var binary = await ReleaseBuild.PublishAsync(_work, "linux-arm64", Ct);
        var header = File.ReadAllBytes(binary).AsSpan(0, 20);
        Assert.Equal(("ELF", AArch64), (System.Text.Encoding.ASCII.GetString(header[1..4]), BitConverter.ToUInt16(header[18..20])));

        var version = await ProcessRunner.RunAsync(qemu, [binary, "--version"], cancellationToken: Ct);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(Diagnostics.ControllerMetrics.Version, version.StandardOutput.Trim(), StringComparison.Ordinal);

        await QuickstartAsync(qemu, binary);
        await AlidnsFailoverAsync(qemu, binary);
    }

    public ValueTask DisposeAsync()
    {
        _alidns.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        Directory.Delete(_work, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>qemu-aarch64-static, or a failure that says why not: never a silent pass.</summary>
    private static string RequireArm64Tools()
    {
        var marker = RepositoryPaths.Get(".tools/arm64-unavailable");
        if (File.Exists(marker))
        {
            Assert.Fail(File.ReadAllText(marker));
        }

        if (!File.Exists("/usr/bin/aarch64-linux-gnu-gcc"))
        {
            Assert.Fail("the arm64 cross toolchain is not installed: run scripts/install-test-deps.sh (it runs scripts/install-cross-toolchain.sh arm64)");
        }

        return ExternalTool.Find("qemu-aarch64-static");
    }

    /// <summary>The embedded quickstart in a network namespace of its own (its 127.0.0.1:9464 is its own): the hosts file
    /// gets 127.0.0.1 and /metrics shows it Up; SIGTERM ends it with exit code 0.</summary>
    private async Task QuickstartAsync(string qemu, string binary)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "quickstart")).FullName;
        await using var ns = await NetworkNamespace.CreateAsync(Ct);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var run = ns.Start(qemu, [binary, "run"], folder, new Dictionary<string, string> { ["DOTNET_RUNNING_IN_CONTAINER"] = "" }, output.Enqueue);
        var hosts = Path.Combine(folder, "data", "hosts");
        var watch = Stopwatch.StartNew();
        while (!(File.Exists(hosts) && File.ReadAllText(hosts).Contains("127.0.0.1 home.example.test", StringComparison.Ordinal)
            && (await ns.RunAsync(ExternalTool.Find("curl"), ["-s", "http://127.0.0.1:9464/metrics"], Ct)).StandardOutput
                .Contains("aliddnsha_endpoint_up{target=\"home.example.test\",source=\"self\",address=\"127.0.0.1\"} 1", StringComparison.Ordinal)))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60) && !run.HasExited, $"the quickstart did not publish under qemu: {string.Join('\n', output)}");
            await Task.Delay(200, Ct); // another process under emulation: poll what it writes
        }

        await StopAsync(run, output);
    }

    /// <summary>An Alidns failover against the emulator on this machine's loopback: both listeners published, one closed
    /// and withdrawn, and no request refused (the signature computed on arm64 matches the emulator's own).</summary>
    private async Task AlidnsFailoverAsync(string qemu, string binary)
    {
        _alidns.AddKey("LTAI5tArm64Key0001", "Arm64SecretValue");
        _alidns.AddDomain("example.com");
        var config = Path.Combine(_work, "arm64.yaml");
        await File.WriteAllTextAsync(config, $$"""
            Urls: http://127.0.0.1:{{FreePort.Next().ToString(CultureInfo.InvariantCulture)}}
            Providers:
              ali: { Type: AlibabaCloud, Endpoint: "{{_alidns.Endpoint}}", AccessKeyId: LTAI5tArm64Key0001, AccessKeySecret: Arm64SecretValue }
            Targets:
              - Name: home.example.com
                Zone: example.com
                Provider: ali
                Probe: { Interval: 1s, FastInterval: 250ms, Timeout: 500ms }
                Sources:
            {{string.Join("\n", _listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
            """, Ct);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var run = ProcessRunner.Start(qemu, [binary, "run", "--config", config], _work, onLine: output.Enqueue);
        string[] all = [.. _listeners.Select(l => l.Address.ToString())];
        await WaitForAsync(run, output, () => _alidns.Values("example.com", "home").SequenceEqual(all), "both listeners published");

        _listeners[1].Close();
        await WaitForAsync(run, output, () => _alidns.Values("example.com", "home").SequenceEqual(all[..1]), "the closed listener withdrawn");

        Assert.Empty(_alidns.Rejected);
        Assert.Contains(_alidns.Requests, r => r.Action == "DeleteDomainRecord");
        await StopAsync(run, output);
    }

    private static async Task WaitForAsync(Process run, System.Collections.Concurrent.ConcurrentQueue<string> output, Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60) && !run.HasExited, $"{what}: not reached under qemu: {string.Join('\n', output)}");
            await Task.Delay(100, Ct); // the emulator is in this process, the controller in another: poll the zone
        }
    }

    private static async Task StopAsync(Process run, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var exitCode = await ProcessRunner.TerminateAsync(run, TimeSpan.FromSeconds(30), Ct);
        Assert.True(exitCode == 0, $"exit code {exitCode}: {string.Join('\n', output)}");
    }
}
