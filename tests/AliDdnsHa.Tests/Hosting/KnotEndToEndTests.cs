// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>Knot DNS 3.2 (Debian <c>knot</c>) with docs/providers.md's key, ACL and zone sections.</summary>
public sealed class KnotEndToEndTests() : AuthoritativeServerEndToEndTests(addressBlock: 31)
{
    protected override string WrongSecretCode => "BADSIG";

    /// <summary>Knot answers BADKEY when its ACL stops granting the name: once the key was accepted, that is reported
    /// as the policy, not as an unknown key.</summary>
    [Fact]
    public async Task AnAclChangedUnderARunningController_IsReportedAsThePolicy()
    {
        var target = await StartControllerAsync();
        await ((KnotServer)Dns).ReconfigureAsync(conf => conf.Replace("update-owner-name: [home]", "update-owner-name: [elsewhere]", StringComparison.Ordinal), Ct);

        CloseOneListener();
        await ReconcileWait.UntilAsync(target, () => target.GetStatus().LastReconcile?.ErrorCode == "BADKEY");

        var failure = target.GetStatus().LastReconcile!;
        Assert.Contains("the key is accepted, so the server's policy refuses", failure.Error, StringComparison.Ordinal);
        Assert.Contains("update-owner-name", failure.Hint, StringComparison.Ordinal);
    }

    protected override async Task<IAuthoritativeServer> StartServerAsync(CancellationToken cancellationToken) => await KnotServer.StartAsync(cancellationToken);
}
