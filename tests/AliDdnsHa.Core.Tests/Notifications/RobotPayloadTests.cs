// Licensed under the MIT license.

using System.Text.Json;
using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Notifications;

namespace AliDdnsHa.Core.Tests.Notifications;

public sealed class RobotPayloadTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1700000000001);
    private static readonly NotificationMessage s_message = NotificationComposer.Compose(
        [new ControllerEvent(1, s_now, ControllerEventKinds.EndpointDown, "home.example.com", "wan2", "203.0.113.7", "timeout", 2, 3, null, true, "wan2 203.0.113.7 is down")],
        chinese: false);

    [Fact]
    public async Task DingTalk_SignsInTheQuery_TextInTheBody()
    {
        using var request = RobotPayload.Build(Sink(NotificationType.DingTalk, "https://oapi.dingtalk.com/robot/send?access_token=abc", "this is secret"), s_message, s_now);

        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000001&sign=aOZ0Y%2FR7BCg4xs87AcG5MYf26YmwfVRTLD0z3X%2Bp%2FmM%3D", request.RequestUri!.OriginalString);
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("text", body.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal("AliDdnsHa: wan2 203.0.113.7 is down", body.RootElement.GetProperty("text").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Feishu_SignsInTheBody_WithSeconds()
    {
        using var request = RobotPayload.Build(Sink(NotificationType.Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/x", "this is secret"), s_message, DateTimeOffset.FromUnixTimeSeconds(1700000010));

        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("1700000010", body.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal("GcONDhygJKkoVXER3Tlg/70NM4d+7nZC09ovLIpIH5Y=", body.RootElement.GetProperty("sign").GetString());
        Assert.Equal("text", body.RootElement.GetProperty("msg_type").GetString());
    }

    [Fact]
    public async Task Bark_IsUrgentForADownLine_AndWebhookCarriesBearerAndEvents()
    {
        using var bark = RobotPayload.Build(Sink(NotificationType.Bark, "https://api.day.app/KEY", null), s_message, s_now);
        using var barkBody = JsonDocument.Parse(await bark.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("timeSensitive", barkBody.RootElement.GetProperty("level").GetString());

        using var hook = RobotPayload.Build(Sink(NotificationType.Webhook, "https://hooks.example/x", "tok"), s_message, s_now);
        Assert.Equal("Bearer tok", hook.Headers.Authorization!.ToString());
        using var hookBody = JsonDocument.Parse(await hook.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("endpoint_down", hookBody.RootElement.GetProperty("events")[0].GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(NotificationType.DingTalk, 200, """{"errcode":0,"errmsg":"ok"}""", null)]
    [InlineData(NotificationType.DingTalk, 200, """{"errcode":310000,"errmsg":"sign not match"}""", "errcode 310000: sign not match")]
    [InlineData(NotificationType.WeCom, 200, """{"errcode":93000,"errmsg":"invalid webhook url"}""", "errcode 93000: invalid webhook url")]
    [InlineData(NotificationType.Feishu, 200, """{"code":0,"msg":"success","data":{}}""", null)]
    [InlineData(NotificationType.Feishu, 200, """{"StatusCode":0,"StatusMessage":"success"}""", null)]
    [InlineData(NotificationType.Feishu, 200, """{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}""", "code 19021: sign match fail or timestamp is not within one hour from current time")]
    [InlineData(NotificationType.Bark, 200, """{"code":200,"message":"success"}""", null)]
    [InlineData(NotificationType.Bark, 400, """{"code":400,"message":"device key is empty"}""", "HTTP 400")]
    [InlineData(NotificationType.Webhook, 204, "", null)]
    [InlineData(NotificationType.Webhook, 500, "oops", "HTTP 500")]
    [InlineData(NotificationType.DingTalk, 200, "<html>", "the answer is not JSON")]
    public void Rejection_ReadsEachServicesAnswer(NotificationType type, int status, string body, string? expected) =>
        Assert.Equal(expected, RobotPayload.Rejection(type, status, body));

    private static NotificationOptions Sink(NotificationType type, string url, string? secret) =>
        new() { Name = "t", Type = type, Url = new Uri(url), Secret = secret };
}
