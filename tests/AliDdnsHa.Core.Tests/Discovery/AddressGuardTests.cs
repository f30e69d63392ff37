// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Discovery;

namespace AliDdnsHa.Core.Tests.Discovery;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("0.1.2.3", "this_network")]
    [InlineData("100.64.0.1", "cgnat")]
    [InlineData("100.127.255.254", "cgnat")]
    [InlineData("169.254.10.1", "link_local")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link_local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:100.64.0.9", "cgnat")]
    [InlineData("100.63.255.255", null)]
    [InlineData("100.128.0.0", null)]
    [InlineData("203.0.113.7", null)]
    [InlineData("127.0.0.1", null)] // the quickstart publishes loopback addresses
    [InlineData("2001:db8::1", null)]
    public void Refuse_ByDefault_TheRangesNoClientOutsideCanReach(string address, string? reason) =>
        Assert.Equal(reason, new AddressGuard([], []).Refuse(IPAddress.Parse(address)));

    [Fact]
    public void AllowAddresses_LetADefaultRangeThrough_AndDenyAddressesWinOverThem()
    {
        var guard = new AddressGuard([IPNetwork.Parse("100.64.0.0/10")], [IPNetwork.Parse("100.64.1.0/24"), IPNetwork.Parse("203.0.113.0/24")]);

        Assert.Null(guard.Refuse(IPAddress.Parse("100.64.0.7")));
        Assert.Equal("denied", guard.Refuse(IPAddress.Parse("100.64.1.7")));
        Assert.Equal("denied", guard.Refuse(IPAddress.Parse("203.0.113.9")));
        Assert.Equal("link_local", guard.Refuse(IPAddress.Parse("169.254.0.1")));
    }
}
