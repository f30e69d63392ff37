// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AliDdnsHa.Tests.Faults;

/// <summary>Faults in the hosts-file provider's file: corrupted under the controller, or impossible to write. The
/// controller keeps other programs' lines, never loses its own set for good, and converges once the file is usable.</summary>
public sealed class HostsFileFaultTests : IAsyncDisposable
{
    private const string Name = "home.example.test";

    private readonly List<LoopbackListener> _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.0.{180 + i}")))];
    private readonly TempConfig _config;
    private WebApplication? _app;

    public HostsFileFaultTests()
    {
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers:
              local: { Type: HostsFile, Path: "{hosts}" }
            Targets:
              - Name: {{Name}}
                Provider: local
                Ttl: 60
                ResyncInterval: 1s
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
                Sources:
            {{string.Join('\n', _listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
            """);
    }

    private string[] Open => [.. _listeners.Where(l => l.IsOpen).Select(l => l.Address.ToString())];

    [Fact]
    public async Task CorruptedFile_IsRewrittenAtTheNextResync_KeepingOtherProgramsLines()
    {
        var target = await StartAsync();
        await UntilAsync(target, () => _config.Published(Name).SequenceEqual(Open));

        // Another program (or a bad disk) leaves garbage, a truncated line, and one valid foreign line.
        await File.WriteAllBytesAsync(_config.HostsPath, [.. "10.9.9.9 nas.lan\n127.0.0.18"u8, 0xff, 0xfe, 0x00, .. "\n###\t\t garbage line without address\n"u8], TestContext.Current.CancellationToken);

        await UntilAsync(target, () => _config.Published(Name).SequenceEqual(Open));
        Assert.Contains("10.9.9.9 nas.lan", await File.ReadAllTextAsync(_config.HostsPath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnwritableFile_LeavesTheSetAndReports_ThenConvergesWhenWritableAgain()
    {
        var target = await StartAsync();
        await UntilAsync(target, () => _config.Published(Name).SequenceEqual(Open));

        // Root ignores file modes, so "cannot write" is made with a directory where the file must go.
        File.Delete(_config.HostsPath);
        Directory.CreateDirectory(_config.HostsPath);
        _listeners[0].Close();
        await UntilAsync(target, () => target.ProviderFailing && target.GetStatus().LastReconcile?.ErrorCode is "io_error" or "permission_denied");
        using var http = new HttpClient();
        Assert.StartsWith("Degraded", await http.GetStringAsync(_app!.Url("/readyz"), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        Directory.Delete(_config.HostsPath);
        await UntilAsync(target, () => _config.Published(Name).SequenceEqual(Open) && !target.ProviderFailing);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        if (Directory.Exists(_config.HostsPath))
        {
            Directory.Delete(_config.HostsPath);
        }

        _config.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private async Task<TargetController> StartAsync()
    {
        (_app, var target) = await TestHost.StartAsync(_config.Path);
        return target;
    }

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
