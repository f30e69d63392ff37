// Licensed under the MIT license.

using System.Security.Cryptography;
using System.Text;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>Alibaba Cloud RPC signature V1 (HMAC-SHA1). Pure: no clock, no randomness.</summary>
/// <remarks>
/// <c>StringToSign = METHOD + "&amp;%2F&amp;" + pct(sorted "pct(name)=pct(value)" pairs joined by "&amp;")</c> and
/// <c>Signature = Base64(HMAC-SHA1(secret + "&amp;", StringToSign))</c>. Names sort in ordinal (byte) order: the culture
/// comparer puts <c>RecordId</c> before <c>RR</c> and breaks UpdateDomainRecord. Known-answer tested against every
/// vector in the reference (§1.4).
/// </remarks>
public static class AlibabaCloudRequestSigner
{
    /// <summary>The canonicalized query string: ordinal-sorted, percent-encoded pairs.</summary>
    public static string Canonicalize(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => AlibabaCloudPercentEncoding.Encode(p.Key) + "=" + AlibabaCloudPercentEncoding.Encode(p.Value)));
    }

    public static string StringToSign(string method, IEnumerable<KeyValuePair<string, string>> parameters) =>
        method + "&" + AlibabaCloudPercentEncoding.Encode("/") + "&" + AlibabaCloudPercentEncoding.Encode(Canonicalize(parameters));

    /// <summary>The Base64 signature of <paramref name="parameters"/> (which must not include <c>Signature</c>).</summary>
    public static string Sign(string method, IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        return HmacSha1Base64(accessKeySecret + "&", StringToSign(method, parameters));
    }

    /// <summary>Base64(HMAC-SHA1(key, data)) over UTF-8, the key used as given.</summary>
#pragma warning disable CA5350 // HMAC-SHA1 is what the Alidns V1 signature is defined with; it is not our choice.
    public static string HmacSha1Base64(string key, string data) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(data)));
#pragma warning restore CA5350
}
