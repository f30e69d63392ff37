// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>The test zone every DNS server in the tests starts with: SOA, NS, and a record AliDdnsHa must never touch.</summary>
public static class ZoneFile
{
    public static string Text(string zone) => $"""
        $TTL 60
        @ IN SOA ns.{zone}. hostmaster.{zone}. 1 3600 600 86400 60
        @ IN NS ns.{zone}.
        ns IN A 127.0.0.1
        other IN A 192.0.2.250

        """;
}
