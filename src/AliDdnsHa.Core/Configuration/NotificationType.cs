// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>Where a notification sink delivers.</summary>
public enum NotificationType
{
    /// <summary>A plain JSON POST (<c>{"text": …, "events": […]}</c>) to any URL.</summary>
    Webhook,

    /// <summary>A DingTalk custom robot (钉钉自定义机器人), signed (加签) when a secret is set.</summary>
    DingTalk,

    /// <summary>A WeCom group robot (企业微信群机器人); the key in the URL is the only credential.</summary>
    WeCom,

    /// <summary>A Feishu / Lark custom bot (飞书自定义机器人), signed when a secret is set.</summary>
    Feishu,

    /// <summary>Bark (iOS push), the public server or your own bark-server: <c>https://api.day.app/DEVICE_KEY</c>.</summary>
    Bark,
}
