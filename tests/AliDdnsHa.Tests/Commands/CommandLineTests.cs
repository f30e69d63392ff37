// Licensed under the MIT license.

using System.CommandLine;
using AliDdnsHa.Commands;

namespace AliDdnsHa.Tests.Commands;

public sealed class CommandLineTests
{
    private const string Valid = """
        Providers:
          local: { Type: HostsFile, Path: "{hosts}" }
        Targets:
          - Name: home.example.com
            Zone: example.com
            Provider: local
            Port: 443
            Sources:
              - { Name: wan1, Hostname: dns1.example.com }
              - { Name: wan3, Address: 203.0.113.7, Port: 8443 }
        """;

    [Fact]
    public async Task CheckConfig_ValidYaml_ExitsZeroWithSummary()
    {
        using var config = new TempConfig(Valid);

        var (code, output, error) = await InvokeAsync("check-config", "--config", config.Path);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("is valid: 1 target(s), 2 source(s), 1 provider(s)", output, StringComparison.Ordinal);
        Assert.Contains("wan3: address 203.0.113.7, port 8443", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_ValidJson_ExitsZero()
    {
        using var config = new TempConfig("""
            { "Providers": { "local": { "Type": "HostsFile", "Path": "hosts" } },
              "Targets": [ { "Name": "a.example.com", "Provider": "local", "Port": 80,
                             "Sources": [ { "Name": "s", "Address": "192.0.2.1" } ] } ] }
            """, ".json");

        var (code, _, error) = await InvokeAsync("check-config", "-c", config.Path);

        Assert.Equal(0, code);
        Assert.Empty(error);
    }

    [Fact]
    public async Task CheckConfig_EveryProblem_ExitsTwoAndListsThemAll()
    {
        using var config = new TempConfig("""
            Providers:
              local: { Type: HostsFile }
            Targets:
              - Name: home.example.com
                Provider: cloud
                Port: 443
                Probe: { Interval: 1s, Timeout: 5s, FailureThreshold: 0 }
                Sources:
                  - { Name: wan1, Address: 1.2.3 }
                  - { Name: wan1, Hostname: dns1.example.com }
            """);

        var (code, output, error) = await InvokeAsync("check-config", "--config", config.Path);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal(
            $"""
            Configuration {config.Path} has 6 problem(s):
              Providers.local.Path: is required (the hosts file to keep, e.g. ./data/hosts)
              Targets[0].Sources[0].Address: '1.2.3' is not an IPv4 or IPv6 address
              Targets[0].Provider: 'cloud' is not a configured provider (configured: local)
              Targets[0].Probe.Timeout: '5s' must be shorter than Interval '1s'
              Targets[0].Probe.FailureThreshold: '0' must be at least 1
              Targets[0].Sources[1].Name: 'wan1' is already the name of Targets[0].Sources[0]

            """,
            error);
    }

    [Fact]
    public async Task CheckConfig_DisableModeOnHostsFile_IsRejected()
    {
        using var config = new TempConfig(Valid.Replace("    Port: 443\n", "    Port: 443\n    RemoveMode: Disable\n", StringComparison.Ordinal));

        var (code, _, error) = await InvokeAsync("check-config", "--config", config.Path);

        Assert.Equal(2, code);
        Assert.Contains("Targets[0].RemoveMode: 'Disable' is not supported by provider 'local' of type HostsFile; use Delete", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_MissingFile_ExitsTwo()
    {
        var (code, _, error) = await InvokeAsync("check-config", "--config", "/nonexistent/aliddnsha.yaml");

        Assert.Equal(2, code);
        Assert.Contains("--config: '/nonexistent/aliddnsha.yaml' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_WrongExtension_ExitsTwo()
    {
        using var config = new TempConfig("x", ".toml");

        var (code, _, error) = await InvokeAsync("check-config", "--config", config.Path);

        Assert.Equal(2, code);
        Assert.Contains("must end in .yaml, .yml or .json", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".yaml", "Targets: [ { Name: a")]
    [InlineData(".yaml", "Targets:\n  - Name: a\n Provider: b\n")]
    [InlineData(".json", "{ \"Targets\": [ ")]
    public async Task CheckConfig_SyntaxError_ExitsTwoWithoutStackTrace(string extension, string text)
    {
        using var config = new TempConfig(text, extension);

        var (code, _, error) = await InvokeAsync("check-config", "--config", config.Path);

        Assert.Equal(2, code);
        Assert.Contains("cannot be read:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidConfig_ExitsTwoBeforeStarting()
    {
        using var config = new TempConfig("Targets: []\n");

        var (code, _, error) = await InvokeAsync("run", "--config", config.Path);

        Assert.Equal(2, code);
        Assert.Contains("Targets: at least one target is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var (code, output, _) = await InvokeAsync("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Fact]
    public async Task Plan_PrintsThePlanAndWritesNothing()
    {
        using var listener = new Testing.LoopbackListener(System.Net.IPAddress.Parse("127.0.0.1"));
        using var config = new TempConfig($$"""
            Providers:
              local: { Type: HostsFile, Path: "{hosts}" }
            Targets:
              - Name: home.example.com
                Provider: local
                Probe: { Interval: 1s, FastInterval: 100ms, Timeout: 500ms }
                Sources:
                  - { Name: up, Address: 127.0.0.1, Port: {{listener.Port}} }
                  - { Name: dead, Address: 127.0.0.2, Port: {{listener.Port}} }
            """);
        File.WriteAllText(config.HostsPath, "127.0.0.9 home.example.com\n");

        var (code, output, _) = await InvokeAsync("plan", "--config", config.Path);

        Assert.Equal(0, code);
        Assert.Contains($"home.example.com up: 127.0.0.1:{listener.Port} Up (success)", output, StringComparison.Ordinal);
        Assert.Contains($"home.example.com dead: 127.0.0.2:{listener.Port} Down (refused)", output, StringComparison.Ordinal);
        Assert.Contains("home.example.com: desired [127.0.0.1] (Healthy)\n  + 127.0.0.1 (ttl 600)\n  - 127.0.0.9", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("127.0.0.9 home.example.com\n", File.ReadAllText(config.HostsPath));
    }

    internal static async Task<(int Code, string Output, string Error)> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = CommandLine.Build(output, error);
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString().ReplaceLineEndings("\n"));
    }
}
