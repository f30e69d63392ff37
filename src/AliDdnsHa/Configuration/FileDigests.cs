// Licensed under the MIT license.

using System.Security.Cryptography;

namespace AliDdnsHa.Configuration;

/// <summary>A digest of every file the configuration names (a setting ending in <c>File</c>: a secret, a TSIG key, a
/// CA), taken when the configuration is loaded, so a reload can tell a secret rotated in place under the same name.</summary>
/// <remarks>Only the digest is kept, never the content.</remarks>
internal static class FileDigests
{
    public static IReadOnlyDictionary<string, string> Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is { Length: > 0 } && key.EndsWith("File", StringComparison.OrdinalIgnoreCase) && !digests.ContainsKey(value))
            {
                digests[value] = Digest(value);
            }
        }

        return digests;
    }

    private static string Digest(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return "unreadable";
        }
    }
}
