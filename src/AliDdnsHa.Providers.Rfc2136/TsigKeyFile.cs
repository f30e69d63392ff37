// Licensed under the MIT license.

using System.Text.RegularExpressions;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>Reads a TSIG secret file: either the bare base64 secret (a Docker secret), or a BIND key statement as
/// <c>tsig-keygen</c> / <c>ddns-confgen</c> write it (<c>key "name" { algorithm hmac-sha256; secret "…"; };</c>).</summary>
internal static partial class TsigKeyFile
{
    /// <summary>The parsed file; <c>Name</c> and <c>Algorithm</c> are null for a bare secret.</summary>
    public static (string? Name, string? Algorithm, string Secret) Parse(string text)
    {
        var statement = KeyStatement().Match(text);
        if (!statement.Success)
        {
            return (null, null, text.Trim());
        }

        var body = statement.Groups["body"].Value;
        var algorithm = Algorithm().Match(body);
        var secret = Secret().Match(body);
        return (statement.Groups["name"].Value, algorithm.Success ? algorithm.Groups[1].Value : null, secret.Success ? secret.Groups[1].Value : "");
    }

    [GeneratedRegex(@"key\s+""?(?<name>[^""\s{]+)""?\s*\{(?<body>[^}]*)\}", RegexOptions.Singleline)]
    private static partial Regex KeyStatement();

    [GeneratedRegex(@"algorithm\s+""?([A-Za-z0-9.-]+)""?\s*;")]
    private static partial Regex Algorithm();

    [GeneratedRegex(@"secret\s+""([^""]*)""\s*;")]
    private static partial Regex Secret();
}
