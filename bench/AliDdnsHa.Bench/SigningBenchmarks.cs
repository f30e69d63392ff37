// Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using AliDdnsHa.Providers.AlibabaCloud;

namespace AliDdnsHa.Bench;

/// <summary>The cost of signing one Alidns request (V1, HMAC-SHA1 over the canonical query).</summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly SortedDictionary<string, string> _parameters = new(StringComparer.Ordinal)
    {
        ["Action"] = "AddDomainRecord", ["Format"] = "JSON", ["Version"] = "2015-01-09", ["AccessKeyId"] = "LTAI5tBenchKey00001",
        ["SignatureMethod"] = "HMAC-SHA1", ["SignatureVersion"] = "1.0", ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        ["Timestamp"] = "2026-11-26T12:00:00Z", ["DomainName"] = "example.com", ["RR"] = "home", ["Type"] = "A", ["Value"] = "203.0.113.7", ["TTL"] = "600",
    };

    [Benchmark]
    public string Sign() => AlibabaCloudRequestSigner.Sign("POST", _parameters, "BenchSecretValue");
}
