// Licensed under the MIT license.

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AliDdnsHa.Configuration;

namespace AliDdnsHa.Notifications;

/// <summary>The HTTP request each sink type expects, and how each says that a message was accepted (the chat robots
/// answer HTTP 200 with an error code in the body).</summary>
public static class RobotPayload
{
    /// <summary>Builds the request for <paramref name="message"/> at <paramref name="now"/> (signatures carry the time).</summary>
    public static HttpRequestMessage Build(NotificationOptions sink, NotificationMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(message);
        var url = sink.Url!;
        string body;
        switch (sink.Type)
        {
            case NotificationType.DingTalk:
                if (sink.Secret is { } dingSecret)
                {
                    var ms = now.ToUnixTimeMilliseconds();
                    url = new Uri(url + (url.Query.Length > 0 ? "&" : "?") + $"timestamp={ms.ToString(CultureInfo.InvariantCulture)}&sign={RobotSignature.DingTalk(dingSecret, ms)}");
                }

                body = RobotText(message.Text);
                break;
            case NotificationType.WeCom:
                // WeCom caps text content at 2048 bytes.
                body = RobotText(Truncate(message.Text, 600));
                break;
            case NotificationType.Feishu:
                body = Json(w =>
                {
                    if (sink.Secret is { } feishuSecret)
                    {
                        var seconds = now.ToUnixTimeSeconds();
                        w.WriteString("timestamp", seconds.ToString(CultureInfo.InvariantCulture));
                        w.WriteString("sign", RobotSignature.Feishu(feishuSecret, seconds));
                    }

                    w.WriteString("msg_type", "text");
                    w.WriteStartObject("content");
                    w.WriteString("text", Truncate(message.Text, 15000));
                    w.WriteEndObject();
                });
                break;
            case NotificationType.Bark:
                body = Json(w =>
                {
                    w.WriteString("title", message.Lines.Count == 1 ? "AliDdnsHa" : message.Title);
                    w.WriteString("body", string.Join("\n", message.Lines));
                    w.WriteString("group", "AliDdnsHa");
                    w.WriteString("level", message.Urgent ? "timeSensitive" : "active");
                });
                break;
            default:
                body = Json(w =>
                {
                    w.WriteString("text", message.Text);
                    w.WriteString("title", message.Title);
                    w.WriteBoolean("urgent", message.Urgent);
                    w.WriteStartArray("events");
                    foreach (var e in message.Events)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("id", e.Id);
                        w.WriteString("at", e.At);
                        w.WriteString("kind", e.Kind);
                        w.WriteString("target", e.Target);
                        w.WriteString("source", e.Source);
                        w.WriteString("address", e.Address);
                        w.WriteString("detail", e.Detail);
                        w.WriteString("message", e.Message);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                break;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (sink.Type == NotificationType.Webhook && sink.Secret is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>Null when the sink accepted the message; otherwise what it said (never the URL).</summary>
    public static string? Rejection(NotificationType type, int status, string body)
    {
        if (status is < 200 or > 299)
        {
            return $"HTTP {status}";
        }

        if (type == NotificationType.Webhook)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var (codeName, okCode, messageName) = type switch
            {
                NotificationType.Feishu => ("code", 0, "msg"),
                NotificationType.Bark => ("code", 200, "message"),
                _ => ("errcode", 0, "errmsg"),
            };
            if (type == NotificationType.Feishu && !root.TryGetProperty("code", out _) && root.TryGetProperty("StatusCode", out var legacy))
            {
                // Feishu's older hook answers {"StatusCode":0,"StatusMessage":"success"}.
                return legacy.GetInt32() == 0 ? null : $"StatusCode {legacy.GetInt32()}";
            }

            if (root.TryGetProperty(codeName, out var code) && code.ValueKind == JsonValueKind.Number)
            {
                return code.GetInt32() == okCode
                    ? null
                    : $"{codeName} {code.GetInt32()}: {(root.TryGetProperty(messageName, out var m) ? m.ToString() : "")}";
            }

            return $"no {codeName} in the answer";
        }
        catch (JsonException)
        {
            return "the answer is not JSON";
        }
    }

    /// <summary>The text message body DingTalk and WeCom robots share: <c>{"msgtype":"text","text":{"content":…}}</c>.</summary>
    private static string RobotText(string content) => Json(w =>
    {
        w.WriteString("msgtype", "text");
        w.WriteStartObject("text");
        w.WriteString("content", content);
        w.WriteEndObject();
    });

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
