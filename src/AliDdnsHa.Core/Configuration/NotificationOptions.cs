// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>One notification sink (an item of <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>The events sent when <see cref="Events"/> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultEvents = ["endpoint_down", "endpoint_up", "records_changed", "provider_error", "frozen", "config_reloaded", "blocked", "cname_adopted"];

    /// <summary>The sink's name: the <c>sink</c> label of <c>aliddnsha_notifications_total</c> and in logs.</summary>
    public string Name { get; set; } = "";

    public NotificationType Type { get; set; }

    /// <summary>The webhook URL. It often carries the credential (DingTalk's access_token, WeCom's key, Bark's device
    /// key), so it is shown only as scheme and host anywhere outside the request itself.</summary>
    public Uri? Url { get; set; }

    /// <summary>DingTalk and Feishu signing secret; for Webhook, sent as <c>Authorization: Bearer</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>The event kinds this sink receives (see <c>ControllerEventKinds</c>).</summary>
    public List<string> Events { get; set; } = [.. DefaultEvents];

    /// <summary>Message language: <c>zh-CN</c> or <c>en</c>; by default <c>zh-CN</c> for DingTalk, WeCom and Feishu, <c>en</c> otherwise.</summary>
    public string? Language { get; set; }

    /// <summary>At most this many messages a minute (DingTalk and WeCom robots allow 20); events beyond it are gathered
    /// into the next message.</summary>
    public int MaxPerMinute { get; set; } = 20;

    /// <summary>How long events are gathered into one message after the first, so a burst (a line dropping takes its
    /// endpoint down and changes the record set) arrives as one message.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The language in force.</summary>
    public bool Chinese => Language is { } language
        ? language.StartsWith("zh", StringComparison.OrdinalIgnoreCase)
        : Type is NotificationType.DingTalk or NotificationType.WeCom or NotificationType.Feishu;

    /// <summary>The URL as it may be shown: scheme, host and port only.</summary>
    public string SafeUrl => Url is null ? "" : $"{Url.Scheme}://{Url.Authority}/…";
}
