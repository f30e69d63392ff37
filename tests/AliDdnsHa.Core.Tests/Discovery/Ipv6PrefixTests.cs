// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Discovery;

namespace AliDdnsHa.Core.Tests.Discovery;

public sealed class Ipv6PrefixTests
{
    [Theory]
    [InlineData("240e:3a1:4c2:8f00:a8b1:22ff:fe33:4455", "::1234:5678", "240e:3a1:4c2:8f00::1234:5678")]
    [InlineData("240e:3a1:4c2:8f00::1", "::a:b:c:d", "240e:3a1:4c2:8f00:a:b:c:d")]
    [InlineData("2001:db8:1:2:3:4:5:6", "::", "2001:db8:1:2::")]
    public void WithInterfaceId_KeepsThePrefixAndTakesTheSuffix(string address, string suffix, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), Ipv6Prefix.WithInterfaceId(IPAddress.Parse(address), IPAddress.Parse(suffix)));

    [Fact]
    public void WithInterfaceId_Ipv4Address_IsUnchanged() =>
        Assert.Equal(IPAddress.Parse("203.0.113.7"), Ipv6Prefix.WithInterfaceId(IPAddress.Parse("203.0.113.7"), IPAddress.Parse("::1")));

    [Theory]
    [InlineData("::1234:5678", "::1234:5678")]
    [InlineData("::a:b:c:d", "::a:b:c:d")]
    [InlineData("::1:0:0:2", "::1:0:0:2")]
    [InlineData("::", "::")]
    public void FormatInterfaceId_PrintsItAsWritten(string suffix, string expected) =>
        Assert.Equal(expected, Ipv6Prefix.FormatInterfaceId(IPAddress.Parse(suffix)));
}
