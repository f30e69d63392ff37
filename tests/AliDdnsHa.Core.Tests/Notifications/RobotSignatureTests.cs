// Licensed under the MIT license.

using AliDdnsHa.Notifications;

namespace AliDdnsHa.Core.Tests.Notifications;

/// <summary>Known answers computed with Python's hmac, .NET and <c>openssl dgst -hmac</c>
/// (shared/docs/integrations.md §5.1, §5.2).</summary>
public sealed class RobotSignatureTests
{
    [Fact]
    public void DingTalk_KeyIsTheSecret_UrlEncodedUpperCase() =>
        Assert.Equal("aOZ0Y%2FR7BCg4xs87AcG5MYf26YmwfVRTLD0z3X%2Bp%2FmM%3D", RobotSignature.DingTalk("this is secret", 1700000000001));

    [Fact]
    public void Feishu_KeyIsTimestampAndSecret_OverAnEmptyMessage() =>
        Assert.Equal("GcONDhygJKkoVXER3Tlg/70NM4d+7nZC09ovLIpIH5Y=", RobotSignature.Feishu("this is secret", 1700000010));

    [Fact]
    public void Feishu_IsNotTheDingTalkConstruction()
    {
        // The DingTalk-style mistake for the same inputs, which Feishu rejects (integrations.md §5.2).
        Assert.NotEqual("LPP079vJtFKfX+BAzxgzABDHY/MCvPi+aX63LOZTs2c=", RobotSignature.Feishu("this is secret", 1700000010));
        Assert.Equal("LPP079vJtFKfX+BAzxgzABDHY/MCvPi+aX63LOZTs2c=", Uri.UnescapeDataString(RobotSignature.DingTalk("this is secret", 1700000010)));
    }
}
