// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Commands;

/// <summary>docs/dual-stack.md's example is a valid configuration, and check-config shows both targets.</summary>
public sealed class DualStackExampleTests
{
    [Fact]
    public async Task ReadmeDualStackExample_PassesCheckConfig()
    {
        using var config = new TempConfig("Providers:\n  ali: { Type: HostsFile, Path: \"{hosts}\" }\n" + DocSnippet.Get("docs/dual-stack.md", "# dual stack"));

        var (code, output, error) = await CommandLineTests.InvokeAsync("check-config", "--config", config.Path);

        Assert.True(code == 0, output + error);
        Assert.Contains("  home.example.com via ali:", output, StringComparison.Ordinal);
        Assert.Contains("  home.example.com/AAAA via ali:", output, StringComparison.Ordinal);
        Assert.Contains("    wan2: url https://4.ipw.cn/ from 192.168.2.10, port 443", output, StringComparison.Ordinal);
        Assert.Contains("    wan2: hostname dns2.example.com, interface id ::1234:5678, port 443", output, StringComparison.Ordinal);
        Assert.Contains("    wan1: interface pppoe-wan1, port 443", output, StringComparison.Ordinal);
    }
}
