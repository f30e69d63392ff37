// Licensed under the MIT license.

using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Commands;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>BIND with docs/providers.md's update-policy line as written: the owned name passes the preflight, any other
/// name stops it with a message that names the policy, not the key.</summary>
public sealed class BindPolicyEndToEndTests : IAsyncLifetime
{
    private BindServer? _bind;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var policy = DocSnippet.Get("docs/providers.md", "# BIND (named.conf)").Split('\n').Single(l => l.TrimStart().StartsWith("update-policy", StringComparison.Ordinal));
        var grant = policy[(policy.IndexOf('{', StringComparison.Ordinal) + 1)..policy.IndexOf('}', StringComparison.Ordinal)].Trim()
            .Replace("aliddnsha ", BindServer.KeyName + " ", StringComparison.Ordinal)
            .Replace("example.com.", BindServer.Zone + ".", StringComparison.Ordinal);
        _bind = await BindServer.StartAsync(updatePolicy: grant, cancellationToken: Ct);
    }

    [Theory]
    [InlineData("home", "A", 0)]
    [InlineData("home", "AAAA", 0)]
    [InlineData("outside", "A", 2)]
    [InlineData("outside", "AAAA", 2)]
    public async Task CheckConfig_ProvesThePolicyForTheTargetsNameAndType(string label, string type, int expected)
    {
        var address = type == "A" ? "192.0.2.1" : "'2001:db8::1'";
        using var config = new TempConfig($$"""
            Providers:
              bind: { Type: Rfc2136, Server: "{{_bind!.Server}}", Zone: {{BindServer.Zone}}, TsigSecretFile: "{{_bind.KeyFile}}" }
            Targets:
              - { Name: {{label}}.{{BindServer.Zone}}, RecordType: {{type}}, Provider: bind, Port: 443, Sources: [ { Name: wan1, Address: {{address}} } ] }
            """);

        var (code, output, error) = await CommandLineTests.InvokeAsync("check-config", "--config", config.Path);

        Assert.True(code == expected, output + error);
        if (expected != 0)
        {
            Assert.Contains($"the key {BindServer.KeyName} is accepted but may not change {label}.{BindServer.Zone} {type}: grant it in the server's policy ({_bind.Server} answered REFUSED)", error, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bind is not null)
        {
            await _bind.DisposeAsync();
        }
    }
}
