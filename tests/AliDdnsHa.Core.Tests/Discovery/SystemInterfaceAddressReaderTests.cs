// Licensed under the MIT license.

using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Core.Tests.Discovery;

public sealed class SystemInterfaceAddressReaderTests
{
    // Copied in form from a router with SLAAC and privacy extensions: stable, temporary, deprecated, tentative,
    // link-local and ULA addresses of one interface, and one address of another.
    private const string IfInet6 = """
        240e03a104c28f00a8b122fffe334455 05 40 00 00     eth1
        240e03a104c28f0051c9a7e2b1d0f00d 05 40 00 01     eth1
        240e03a104c28e000000000000000001 05 40 00 20     eth1
        240e03a104c28f000000000000000042 05 40 00 40     eth1
        fe80000000000000a8b122fffe334455 05 40 20 80     eth1
        fd00000000000000a8b122fffe334455 05 40 00 80     eth1
        240e03a104c29900000000000000abcd 06 40 00 80 pppoe-wan1
        00000000000000000000000000000001 01 80 10 80       lo
        """;

    [Fact]
    public void ParseIfInet6_MarksWhatMustNotBePublished()
    {
        var parsed = SystemInterfaceAddressReader.ParseIfInet6(IfInet6, "eth1").Select(p => $"{p.Address} {p.Skip}").ToList();

        Assert.Equal(
            [
                "240e:3a1:4c2:8f00:a8b1:22ff:fe33:4455 ",
                "240e:3a1:4c2:8f00:51c9:a7e2:b1d0:f00d temporary",
                "240e:3a1:4c2:8e00::1 deprecated",
                "240e:3a1:4c2:8f00::42 tentative",
                "fe80::a8b1:22ff:fe33:4455 link-local",
                "fd00::a8b1:22ff:fe33:4455 unique-local",
            ],
            parsed);
    }

    [Fact]
    public void ParseIfInet6_OtherInterface_IsNotMixedIn() =>
        Assert.Equal(["240e:3a1:4c2:9900::abcd"], SystemInterfaceAddressReader.ParseIfInet6(IfInet6, "pppoe-wan1").Select(p => p.Address.ToString()));

    [Fact]
    public void Read_MissingInterface_IsAFailureValue()
    {
        var result = new SystemInterfaceAddressReader().Read("nosuchif0", DnsRecordType.A);

        Assert.Equal("no network interface named 'nosuchif0'", result.Error);
    }
}
