// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Commands;
using Microsoft.AspNetCore.Builder;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>The controller against a real authoritative server other than BIND, set up with docs/providers.md's snippet as
/// written: failover seen by dig over both transports, a wrong secret, and a name outside the policy.</summary>
public abstract class AuthoritativeServerEndToEndTests : IAsyncLifetime
{
    protected const string Zone = "example.test";
    protected const string KeyName = "aliddnsha";
    private const string Name = "home." + Zone;

    private readonly List<LoopbackListener> _listeners;
    private readonly List<TempConfig> _configs = [];
    private WebApplication? _app;
    private IAuthoritativeServer? _server;

    protected AuthoritativeServerEndToEndTests(int addressBlock) =>
        _listeners = [.. Enumerable.Range(1, 3).Select(i => new LoopbackListener(IPAddress.Parse($"127.0.{addressBlock}.{i + 10}")))];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IAuthoritativeServer Dns => _server!;

    private string[] All => [.. _listeners.Select(l => l.Address.ToString())];

    public async ValueTask InitializeAsync() => _server = await StartServerAsync(Ct);

    [Theory]
    [InlineData("Tcp")]
    [InlineData("Udp")]
    public async Task Run_DigFollowsTheHealthySet(string transport)
    {
        using var config = Config(Name, Dns.Secret, transport);
        var (code, output, error) = await CommandLineTests.InvokeAsync("check-config", "--config", config.Path);
        Assert.True(code == 0, output + error + Dns.Log);

        (_app, var target) = await TestHost.StartAsync(config.Path);
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));
        Assert.Equal(All, await Dns.DigAsync(Name, cancellationToken: Ct));

        _listeners[1].Close();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual([All[0], All[2]]));
        Assert.Equal([All[0], All[2]], await Dns.DigAsync(Name, cancellationToken: Ct));

        _listeners[1].Open();
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));
        Assert.Equal(All, await Dns.DigAsync(Name, cancellationToken: Ct));
        Assert.Equal(["192.0.2.250"], await Dns.DigAsync("other." + Zone, cancellationToken: Ct)); // never touched
    }

    [Fact]
    public async Task WrongSecret_StopsCheckConfigAndRun_NamingTheSecret_AndChangesNothing()
    {
        using var config = Config(Name, Convert.ToBase64String(new byte[32]), "Tcp");

        var (checkCode, _, checkError) = await CommandLineTests.InvokeAsync("check-config", "--config", config.Path);
        var (runCode, _, runError) = await CommandLineTests.InvokeAsync("run", "--config", config.Path);

        Assert.Equal(2, checkCode);
        Assert.Equal(2, runCode);
        Assert.Contains(WrongSecretCode, checkError, StringComparison.Ordinal);
        Assert.Contains("TsigSecret", checkError, StringComparison.Ordinal);
        Assert.DoesNotContain($"{KeyName}. ", checkError, StringComparison.Ordinal); // key names as users write them, no stray dot
        Assert.DoesNotContain($"{KeyName}.:", checkError, StringComparison.Ordinal);
        Assert.Contains(WrongSecretCode, runError, StringComparison.Ordinal);
        Assert.Empty(await Dns.DigAsync(Name, cancellationToken: Ct));
    }

    [Fact]
    public async Task ANameOutsideThePolicy_StopsCheckConfig_SayingItIsThePolicy()
    {
        using var config = Config("outside." + Zone, Dns.Secret, "Tcp");

        var (code, output, error) = await CommandLineTests.InvokeAsync("check-config", "--config", config.Path);

        Assert.True(code == 2, output + error);
        Assert.Contains($"the key {KeyName} is accepted but may not change outside.{Zone} A: grant it in the server's policy", error, StringComparison.Ordinal);
        Assert.Empty(await Dns.DigAsync("outside." + Zone, cancellationToken: Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        foreach (var config in _configs)
        {
            config.Dispose();
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the controller for the owned name over TCP; returns once every address is published.</summary>
    protected async Task<TargetController> StartControllerAsync()
    {
        var config = Config(Name, Dns.Secret, "Tcp");
        _configs.Add(config);
        (_app, var target) = await TestHost.StartAsync(config.Path);
        await UntilAsync(target, () => target.GetStatus().Published.SequenceEqual(All));
        return target;
    }

    protected void CloseOneListener() => _listeners[1].Close();

    /// <summary>The code the server answers a wrong secret with (the TSIG error, or the bare RCODE).</summary>
    protected abstract string WrongSecretCode { get; }

    protected abstract Task<IAuthoritativeServer> StartServerAsync(CancellationToken cancellationToken);

    private TempConfig Config(string name, string secret, string transport) => new($$"""
        Urls: http://127.0.0.1:0
        Providers:
          dns: { Type: Rfc2136, Server: "{{Dns.Server}}", Zone: {{Zone}}, TsigKeyName: {{KeyName}}, TsigSecret: "{{secret}}", Transport: {{transport}}, Timeout: 2s }
        Targets:
          - Name: {{name}}
            Provider: dns
            Ttl: 30
            Probe: { Interval: 500ms, FastInterval: 100ms, Timeout: 250ms }
            Sources:
        {{string.Join('\n', _listeners.Select((l, i) => $"      - {{ Name: wan{i + 1}, Address: {l.Address}, Port: {l.Port} }}"))}}
        """);

    private static Task UntilAsync(TargetController target, Func<bool> condition) => ReconcileWait.UntilAsync(target, condition);
}
