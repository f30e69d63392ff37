// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>PowerDNS Authoritative 4.7 (Debian <c>pdns-server</c>, gsqlite3) with docs/providers.md's settings and policy script.</summary>
public sealed class PowerDnsEndToEndTests() : AuthoritativeServerEndToEndTests(addressBlock: 32)
{
    protected override string WrongSecretCode => "NOTAUTH";

    /// <summary>The docs/providers.md's policy script allows A and AAAA of the owned names to the key, and nothing else.</summary>
    /// <remarks>nsupdate stands for any other client holding the key.</remarks>
    [Theory]
    [InlineData("home", "A", "192.0.2.9", true)]
    [InlineData("home", "AAAA", "2001:db8::9", true)]
    [InlineData("home", "TXT", "\"not ours\"", false)]
    [InlineData("other", "A", "192.0.2.9", false)]
    [InlineData("www", "A", "192.0.2.9", false)]
    public async Task ThePolicyScript_AllowsOnlyTheOwnedNamesAndAddressTypes(string label, string type, string data, bool allowed)
    {
        var name = $"{label}.{Zone}";
        var script = $"server 127.0.0.1 {Dns.Port}\nzone {Zone}\nupdate add {name} 60 {type} {data}\nsend\n";

        var result = await ProcessRunner.RunAsync(ExternalTool.Find("nsupdate"), ["-y", $"hmac-sha256:{KeyName}:{Dns.Secret}"], standardInput: script, cancellationToken: Ct);

        // PowerDNS answers NOERROR either way and skips what the script refuses ("0 changes, rolling back").
        Assert.True(result.ExitCode == 0, $"{result}\n{Dns.Log}");
        Assert.Equal(allowed, (await Dns.DigAsync(name, type, Ct)).Contains(data));
    }

    protected override async Task<IAuthoritativeServer> StartServerAsync(CancellationToken cancellationToken) => await PowerDnsServer.StartAsync(cancellationToken);
}
