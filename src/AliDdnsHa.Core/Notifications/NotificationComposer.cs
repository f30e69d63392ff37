// Licensed under the MIT license.

using System.Globalization;
using AliDdnsHa.Diagnostics;

namespace AliDdnsHa.Notifications;

/// <summary>Turns a batch of events into one message, summarising flapping instead of repeating it: an endpoint that
/// changed state three times or more in the batch becomes one line with the counts and where it ended, and several
/// record changes of one target become the last one.</summary>
public static class NotificationComposer
{
    /// <summary>Lines beyond this are counted, not listed (chat robots cap message size).</summary>
    public const int MaxLines = 15;

    public static NotificationMessage Compose(IReadOnlyList<ControllerEvent> events, bool chinese, int dropped = 0)
    {
        ArgumentNullException.ThrowIfNull(events);
        var lines = new List<string>();
        var endpointGroups = events
            .Where(e => e.Kind is ControllerEventKinds.EndpointDown or ControllerEventKinds.EndpointUp)
            .GroupBy(e => (e.Target, e.Source, e.Address))
            .ToDictionary(g => g.Key, g => g.ToList());
        var lastRecordChange = events
            .Where(e => e.Kind == ControllerEventKinds.RecordsChanged)
            .GroupBy(e => (e.Target ?? "") + "\n" + e.Line)
            .ToDictionary(g => g.Key, g => g.Last());
        var summarised = new HashSet<(string?, string?, string?)>();
        foreach (var e in events)
        {
            if (e.Kind is ControllerEventKinds.EndpointDown or ControllerEventKinds.EndpointUp)
            {
                var key = (e.Target, e.Source, e.Address);
                var group = endpointGroups[key];
                if (group.Count >= 3)
                {
                    if (summarised.Add(key))
                    {
                        lines.Add(Flapping(group, chinese));
                    }

                    continue;
                }
            }
            else if (e.Kind == ControllerEventKinds.RecordsChanged && !ReferenceEquals(lastRecordChange[(e.Target ?? "") + "\n" + e.Line], e))
            {
                continue;
            }

            lines.Add(EventText.Describe(e, chinese));
        }

        var total = lines.Count;
        if (total > MaxLines)
        {
            lines.RemoveRange(MaxLines, total - MaxLines);
            lines.Add(chinese ? $"……另有 {total - MaxLines} 条，详见状态页" : $"… and {total - MaxLines} more; see the status page");
        }

        if (dropped > 0)
        {
            lines.Add(chinese ? $"{dropped} 条事件因发送队列已满被丢弃" : $"{dropped} event(s) were dropped: the sink's queue was full");
        }

        var title = lines.Count == 1
            ? "AliDdnsHa: " + lines[0]
            : chinese ? $"AliDdnsHa：{events.Count} 条事件" : $"AliDdnsHa: {events.Count} events";
        var urgent = events.Any(e => e.Kind is ControllerEventKinds.EndpointDown or ControllerEventKinds.ProviderError or ControllerEventKinds.Frozen or ControllerEventKinds.ConfigReloadFailed or ControllerEventKinds.Blocked);
        return new NotificationMessage(title, lines, urgent, events);
    }

    private static string Flapping(List<ControllerEvent> group, bool chinese)
    {
        var first = group[0];
        var last = group[^1];
        var downs = group.Count(e => e.Kind == ControllerEventKinds.EndpointDown);
        var ups = group.Count - downs;
        var span = (last.At - first.At).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        var nowDown = last.Kind == ControllerEventKinds.EndpointDown;
        return chinese
            ? $"{first.Source} {first.Address} 反复波动：{span}秒内故障 {downs} 次、恢复 {ups} 次；当前{(nowDown ? "故障" : "正常")}（{first.Target}，{last.Total} 条线路中 {last.Healthy} 条正常）"
            : $"{first.Source} {first.Address} is flapping: down {downs} and up {ups} times in {span} s; now {(nowDown ? "down" : "up")} ({first.Target}: {last.Healthy} of {last.Total} lines healthy)";
    }
}
