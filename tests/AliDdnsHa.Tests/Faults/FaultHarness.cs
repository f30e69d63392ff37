// Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Faults;

/// <summary>A controller against the Alidns emulator with real listeners, an invariant checker on the record set, and
/// the probe and retry settings the bounds are computed from.</summary>
internal sealed class FaultHarness : IAsyncDisposable
{
    public const string Zone = "example.com";
    public const string Rr = "home";
    public const string Name = Rr + "." + Zone;

    // Probe: Interval 500ms, FastInterval 100ms, Timeout 250ms, FailureThreshold 3. Provider: Timeout 1s,
    // MaxAttempts 3, RetryBudget 2s.
    private static readonly TimeSpan s_detection = TimeSpan.FromMilliseconds(500 + (2 * 250) + 250);
    private static readonly TimeSpan s_provider = TimeSpan.FromSeconds((3 * 1) + 2);

    private readonly TempConfig _config;
    private WebApplication? _app;
    private Process? _process;

    public FaultHarness(int listeners, string baseAddress, string? hostnameSource = null, string context = "")
    {
        var first = IPAddress.Parse(baseAddress).GetAddressBytes();
        Listeners = [.. Enumerable.Range(0, listeners).Select(i => new LoopbackListener(new IPAddress([first[0], first[1], first[2], (byte)(first[3] + i)])))];
        Emulator.AddKey("LTAI5tFaultTest0001", "FaultTestSecret");
        Emulator.AddDomain(Zone);
        Checker = new InvariantChecker(Emulator, Zone, Rr, listeners, context);
        var sources = Listeners.Select((l, i) => i == 0 && hostnameSource is not null
            ? $"      - {{ Name: wan{i + 1}, Hostname: {hostnameSource}, Port: {l.Port} }}"
            : $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}");
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Resolver: { Servers: [ "127.0.0.1:{{Dns.Port}}" ], Timeout: 300ms }
            Providers:
              ali: { Type: AlibabaCloud, Endpoint: "{{Emulator.Endpoint}}", AccessKeyId: LTAI5tFaultTest0001, AccessKeySecret: FaultTestSecret, Timeout: 1s, MaxAttempts: 3, RetryBudget: 2s }
            Targets:
              - Name: {{Name}}
                Zone: {{Zone}}
                Provider: ali
                Ttl: 600
                ResyncInterval: 2s
                DiscoveryInterval: 200ms
                Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms, FailureThreshold: 3, SuccessThreshold: 2 }
                Sources:
            {{string.Join('\n', sources)}}
            """);
    }

    /// <summary>Detection plus the provider's whole retry budget plus one reconcile back-off and scheduling slack.</summary>
    public static TimeSpan RemovalBound { get; } = s_detection + s_provider + TimeSpan.FromSeconds(2);

    public AlidnsEmulator Emulator { get; } = new();

    public LoopbackDnsServer Dns { get; } = new();

    public IReadOnlyList<LoopbackListener> Listeners { get; }

    public InvariantChecker Checker { get; }

    public TargetController? Target { get; private set; }

    public IReadOnlyList<string> Open => [.. Listeners.Where(l => l.IsOpen).Select(l => l.Address.ToString())];

    public string ConfigPath => _config.Path;

    public async Task StartAsync()
    {
        (_app, Target) = await TestHost.StartAsync(_config.Path);
    }

    /// <summary>Runs the real executable in a child process instead (so it can be killed with SIGKILL).</summary>
    public void StartProcess()
    {
        _process = ProcessRunner.Start("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll"), "run", "--config", _config.Path]);
    }

    public async Task KillProcessAsync()
    {
        _process!.Kill(entireProcessTree: true); // SIGKILL: no graceful stop, an HTTP request may be in flight
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        _process.Dispose();
        _process = null;
    }

    public void Close(int index)
    {
        Listeners[index].Close();
        Checker.Closed(Listeners[index].Address.ToString());
    }

    public void Reopen(int index)
    {
        Listeners[index].Open();
        Checker.Reopened(Listeners[index].Address.ToString());
    }

    /// <summary>Waits until the provider holds exactly the open listeners' addresses (and nothing else).</summary>
    public Task ConvergedAsync(TimeSpan? budget = null) =>
        UntilAsync(() => Emulator.Values(Zone, Rr).SequenceEqual(Open.Order(StringComparer.Ordinal)) && Emulator.Records(Zone).Count(r => r.RR == Rr) == Open.Count, budget ?? TimeSpan.FromSeconds(30), "convergence");

    /// <summary>Polls a condition on the emulator's state (which another process may be writing), bounded.</summary>
    public async Task UntilAsync(Func<bool> condition, TimeSpan budget, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < budget, $"{what} not reached within {budget.TotalSeconds} s; provider holds [{string.Join(", ", Emulator.Values(Zone, Rr))}], open [{string.Join(", ", Open)}]");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }

        _config.Dispose();
        Emulator.Dispose();
        Dns.Dispose();
        foreach (var listener in Listeners)
        {
            listener.Dispose();
        }
    }
}
