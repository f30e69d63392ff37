// Licensed under the MIT license.

using System.Text;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>RFC 3986 percent-encoding as Alibaba's signature requires it.</summary>
/// <remarks>Only <c>A-Z a-z 0-9 - _ . ~</c> stay literal; every other UTF-8 byte becomes <c>%XY</c> with upper-case
/// hex, and a space is <c>%20</c>, never <c>+</c>. A byte loop, as in Alibaba's own <c>PercentEncode</c>: the .NET
/// form encoders use <c>+</c> for space and leave <c>*</c>, <c>!</c> and <c>()</c> alone, which breaks the signature.</remarks>
public static class AlibabaCloudPercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var result = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return result.ToString();
    }
}
