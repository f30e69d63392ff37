// Licensed under the MIT license.

using AliDdnsHa.Dns;

namespace AliDdnsHa.Core.Tests.Dns;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("home.example.com", "example.com", true)]
    [InlineData("a.b.example.com", "example.com", true)]
    [InlineData("homeexample.com", "example.com", false)]
    [InlineData("example.com", "home.example.com", false)]
    [InlineData("example.org", "example.com", false)]
    public void IsInZone_MatchesWholeLabelsOnly(string name, string zone, bool expected) => Assert.Equal(expected, DnsName.IsInZone(name, zone));
}
