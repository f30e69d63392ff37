// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Commands;

public sealed class AlibabaCloudCommandTests : IDisposable
{
    private readonly AlidnsEmulator _emulator = new();

    public AlibabaCloudCommandTests() => _emulator.AddDomain("example.com");

    [Fact]
    public async Task CheckConfig_TtlBelowEditionMinimum_ExitsTwoWithTheReason()
    {
        using var config = Config(ttl: 60);

        var (code, _, error) = await CommandLineTests.InvokeAsync("check-config", "--config", config.Path);

        Assert.Equal(2, code);
        Assert.Contains("Targets[0].Ttl: '60' is below 600, the minimum TTL of example.com", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_Offline_DoesNotAskTheProvider()
    {
        using var config = Config(ttl: 60);

        var (code, _, _) = await CommandLineTests.InvokeAsync("check-config", "--offline", "--config", config.Path);

        Assert.Equal(0, code);
        Assert.Equal(0, _emulator.Received);
    }

    [Fact]
    public async Task Run_WrongSecret_ExitsTwoBeforeStartingWithAHint()
    {
        using var config = Config(ttl: 600, secret: "Wr0ngSecretQ7");

        var (code, _, error) = await CommandLineTests.InvokeAsync("run", "--config", config.Path);

        Assert.Equal(2, code);
        Assert.Contains("SignatureDoesNotMatch", error, StringComparison.Ordinal);
        Assert.Contains("check both", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ngSecretQ7", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_Unreachable_WarnsButPasses()
    {
        using var config = Config(ttl: 600, endpoint: "http://127.0.0.1:1/");

        var (code, output, _) = await CommandLineTests.InvokeAsync("check-config", "--config", config.Path);

        Assert.Equal(0, code);
        Assert.Contains("warning: Targets[0].Provider: provider 'ali' check failed", output, StringComparison.Ordinal);
    }

    public void Dispose() => _emulator.Dispose();

    private TempConfig Config(int ttl, string secret = "testsecret", string? endpoint = null) => new($$"""
        Providers:
          ali: { Type: AlibabaCloud, Endpoint: "{{endpoint ?? _emulator.Endpoint.ToString()}}", AccessKeyId: testid, AccessKeySecret: "{{secret}}", MaxAttempts: 1 }
        Targets:
          - Name: home.example.com
            Zone: example.com
            Provider: ali
            Ttl: {{ttl}}
            Port: 443
            Sources:
              - { Name: wan1, Address: 192.0.2.1 }
        """);
}
