// Licensed under the MIT license.

using AliDdnsHa.Diagnostics;
using AliDdnsHa.Notifications;

namespace AliDdnsHa.Core.Tests.Notifications;

public sealed class NotificationComposerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private long _id;

    [Fact]
    public void OneEvent_IsOneLine_WithTheProductName()
    {
        var message = NotificationComposer.Compose([Down("wan2", "203.0.113.7", 2, 3, wasPublished: true)], chinese: false);

        Assert.Equal("AliDdnsHa: wan2 203.0.113.7 is down (refused): it is removed from home.example.com; 2 of 3 lines healthy", message.Text);
        Assert.True(message.Urgent);
    }

    [Fact]
    public void Flapping_IsSummarised_AndRecordChangesCollapseToTheLast()
    {
        List<ControllerEvent> events = [];
        for (var i = 0; i < 4; i++)
        {
            events.Add(Down("wan2", "203.0.113.7", 2, 3, wasPublished: true, seconds: i * 10));
            events.Add(Changed(2, seconds: (i * 10) + 1));
            events.Add(Up("wan2", "203.0.113.7", 3, 3, seconds: (i * 10) + 5));
            events.Add(Changed(3, seconds: (i * 10) + 6));
        }

        events.Add(Down("wan1", "198.51.100.1", 2, 3, wasPublished: true, seconds: 40));
        var message = NotificationComposer.Compose(events, chinese: false);

        Assert.Equal(
            [
                "wan2 203.0.113.7 is flapping: down 4 and up 4 times in 35 s; now up (home.example.com: 3 of 3 lines healthy)",
                "home.example.com A now publishes 3 of 3 address(es): + 203.0.113.7 (ttl 600)",
                "wan1 198.51.100.1 is down (refused): it is removed from home.example.com; 2 of 3 lines healthy",
            ],
            message.Lines);
        Assert.Equal("AliDdnsHa: 17 events", message.Title);
    }

    [Fact]
    public void Chinese_AndTooManyLines_AndDrops()
    {
        var events = Enumerable.Range(1, 20).Select(i => Down($"wan{i}", $"192.0.2.{i}", 1, 20, wasPublished: false)).ToList();

        var message = NotificationComposer.Compose(events, chinese: true, dropped: 3);

        Assert.Equal("AliDdnsHa：20 条事件", message.Title);
        Assert.Equal("wan1 192.0.2.1 故障（拒绝连接）：不会加入 home.example.com；20 条线路中 1 条正常", message.Lines[0]);
        Assert.Equal("……另有 5 条，详见状态页", message.Lines[NotificationComposer.MaxLines]);
        Assert.Equal("3 条事件因发送队列已满被丢弃", message.Lines[^1]);
    }

    private ControllerEvent Down(string source, string address, int healthy, int total, bool wasPublished, int seconds = 0) =>
        new(++_id, s_t0.AddSeconds(seconds), ControllerEventKinds.EndpointDown, "home.example.com", source, address, "refused", healthy, total, null, wasPublished,
            $"{source} {address} is down (refused): {(wasPublished ? "it is removed from" : "it stays out of")} home.example.com; {healthy} of {total} lines healthy");

    private ControllerEvent Up(string source, string address, int healthy, int total, int seconds) =>
        new(++_id, s_t0.AddSeconds(seconds), ControllerEventKinds.EndpointUp, "home.example.com", source, address, null, healthy, total, null, false,
            $"{source} {address} is up: it is added to home.example.com; {healthy} of {total} lines healthy");

    private ControllerEvent Changed(int published, int seconds) =>
        new(++_id, s_t0.AddSeconds(seconds), ControllerEventKinds.RecordsChanged, "home.example.com", null, null, null, published, 3, [published == 3 ? "+ 203.0.113.7 (ttl 600)" : "- 203.0.113.7"], null,
            $"home.example.com A now publishes {published} of 3 address(es): {(published == 3 ? "+ 203.0.113.7 (ttl 600)" : "- 203.0.113.7")}");
}
