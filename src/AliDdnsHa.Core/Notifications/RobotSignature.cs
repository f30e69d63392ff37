// Licensed under the MIT license.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AliDdnsHa.Notifications;

/// <summary>The signatures of DingTalk's and Feishu's signed robot webhooks. They look alike and differ in which side
/// is the key, so each is tested against its own known answer.</summary>
public static class RobotSignature
{
    /// <summary>DingTalk 加签: HMAC-SHA256 with key = secret over <c>timestamp + "\n" + secret</c>, Base64, then
    /// URL-encoded (upper-case escapes, as Java's URLEncoder writes them). <paramref name="timestampMs"/> is in milliseconds.</summary>
    public static string DingTalk(string secret, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var message = timestampMs.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message));
        return Uri.EscapeDataString(Convert.ToBase64String(mac));
    }

    /// <summary>Feishu: HMAC-SHA256 with key = <c>timestamp + "\n" + secret</c> over an empty message, Base64 (not
    /// URL-encoded; it travels in the JSON body). <paramref name="timestampSeconds"/> is in seconds.</summary>
    public static string Feishu(string secret, long timestampSeconds)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = timestampSeconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Array.Empty<byte>()));
    }
}
