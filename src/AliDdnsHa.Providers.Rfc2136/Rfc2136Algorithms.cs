// Licensed under the MIT license.

using ARSoft.Tools.Net.Dns;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>The TSIG algorithms we accept, by their BIND names.</summary>
internal static class Rfc2136Algorithms
{
    private static readonly Dictionary<string, TSigAlgorithm> s_byName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hmac-sha256"] = TSigAlgorithm.Sha256,
        ["hmac-sha512"] = TSigAlgorithm.Sha512,
        ["hmac-sha384"] = TSigAlgorithm.Sha384,
        ["hmac-sha224"] = TSigAlgorithm.Sha224,
        ["hmac-sha1"] = TSigAlgorithm.Sha1,
    };

    public static IEnumerable<string> Names => s_byName.Keys;

    public static bool TryParse(string name, out TSigAlgorithm algorithm) => s_byName.TryGetValue(name.Trim().TrimEnd('.'), out algorithm);

    public static string Name(TSigAlgorithm algorithm) => s_byName.FirstOrDefault(p => p.Value == algorithm).Key ?? algorithm.ToString();
}
