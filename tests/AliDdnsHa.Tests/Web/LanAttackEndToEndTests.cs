// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;
using AliDdnsHa.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Tests.Web;

/// <summary>The whole controller under the LAN attack of <c>bench/</c> (guessing, slowloris, junk headers), for 15 s
/// and a bounded number of requests, while one of its lines fails. What is checked is what the attack could cost:
/// bcrypt comparisons, log lines, health checks answered, and the failover still made. Its CPU, log rate, RSS and
/// timings over 180 s are measured by <c>scripts/bench.sh</c> (<c>--attack-only</c>) into bench/results.md.</summary>
public sealed class LanAttackEndToEndTests : IAsyncDisposable
{
    private const string User = "prometheus";
    private const string Password = "c0rrect-h0rse-battery";
    private const string Name = "home.example.com";

    private readonly LoopbackListener _stay = new(IPAddress.Parse("127.0.0.71"));
    private readonly LoopbackListener _flap = new(IPAddress.Parse("127.0.0.72"));
    private readonly FakeLoggerProvider _logs = new();
    private TempConfig? _config;
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnderAttack_TheControllerFailsOver_AnswersEveryHealthCheck_AndTheAttackCostsItAlmostNothing()
    {
        var hash = await Htpasswd.HashAsync(User, Password, Ct);
        _config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Web: { ConfigFile: "WEBFILE" }
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - Name: {{Name}}
                Provider: local
                Probe: { Interval: 500ms, FastInterval: 200ms, Timeout: 250ms }
                Sources:
                  - { Name: wan1, Address: {{_stay.Address}}, Port: {{_stay.Port}} }
                  - { Name: wan2, Address: {{_flap.Address}}, Port: {{_flap.Port}} }
            """);
        var web = Path.Combine(_config.Folder, "web.yml");
        File.WriteAllText(_config.Path, File.ReadAllText(_config.Path).Replace("WEBFILE", web, StringComparison.Ordinal));
        File.WriteAllText(web, $"basic_auth_users:\n  {User}: {hash}\n");
        (_app, var target) = await TestHost.StartAsync(_config.Path, services => services.AddSingleton<ILoggerProvider>(_logs));
        await ReconcileWait.UntilAsync(target, () => _config.Published(Name).Count == 2);

        var attack = new LanAttack(_app.Url("/"), User) { SlowlorisConnections = 60, MaxRequests = 20_000 };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(15));
        var attacking = attack.RunAsync(stop.Token);

        // A line fails while the attack runs, and the controller takes it out as it would on a quiet day.
        _flap.Close();
        await ReconcileWait.UntilAsync(target, () => _config.Published(Name).SequenceEqual([_stay.Address.ToString()]));
        Assert.False(attacking.IsCompleted, "the failover should have come while the attack ran");
        await attacking;

        var counts = attack.Counts;
        Assert.True(counts.GetValueOrDefault("health ok") >= 10, $"{counts.GetValueOrDefault("health ok")} health checks answered");
        Assert.Equal(0, counts.GetValueOrDefault("health failed"));

        // Guessing: the budget (10, then 10 a minute) and no more bcrypt comparisons; the rest were told 429.
        var comparisons = _app.Services.GetRequiredService<BasicAuthenticator>().Comparisons;
        Assert.InRange(comparisons, 10, 13);
        Assert.True(counts.GetValueOrDefault("guess 429") > 0);

        // Junk: 30 bad requests, then the address is shut out. Slowloris: 32 connections, the rest refused.
        Assert.InRange(counts.GetValueOrDefault("junk 431"), 30, 40);
        Assert.True(counts.GetValueOrDefault("junk 429") > 0);
        Assert.True(counts.GetValueOrDefault("slowloris opened") > 60, $"{counts.GetValueOrDefault("slowloris opened")} slowloris connections opened");

        // The log: one line per attacking address in these 15 s, whatever the number of requests.
        var refusals = _logs.Collector.GetSnapshot().Where(r => r.Category == typeof(RefusalLog).FullName).Select(r => r.Message).ToList();
        Assert.Equal(
            [$"Refused a request from {LanAttack.GuesserHost}", $"Refused a request from {LanAttack.SlowlorisHost}", $"Refused a request from {LanAttack.JunkHost}"],
            refusals.Select(l => l.Split(':')[0]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        _config?.Dispose();
        _stay.Dispose();
        _flap.Dispose();
        _logs.Dispose();
    }
}
