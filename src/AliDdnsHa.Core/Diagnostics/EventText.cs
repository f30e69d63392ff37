// Licensed under the MIT license.

namespace AliDdnsHa.Diagnostics;

/// <summary>An event's one-line message in the reader's language. English is the message the engine wrote; Simplified
/// Chinese is built here from the event's fields, so both say the same thing.</summary>
public static class EventText
{
    public static string Describe(ControllerEvent e, bool chinese)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!chinese)
        {
            return e.Message;
        }

        var name = e.Target ?? "";
        return e.Kind switch
        {
            ControllerEventKinds.EndpointDown when e.Healthy > 0 =>
                $"{e.Source} {e.Address} 故障（{Result(e.Detail)}）：{(e.WasPublished == true ? "将从" : "不会加入")} {name}{(e.WasPublished == true ? " 移除" : "")}；{e.Total} 条线路中 {e.Healthy} 条正常",
            ControllerEventKinds.EndpointDown =>
                $"{e.Source} {e.Address} 故障（{Result(e.Detail)}）：{name} 已没有正常线路",
            ControllerEventKinds.EndpointUp =>
                $"{e.Source} {e.Address} 正常：{(e.WasPublished == true ? "继续保留在" : "将加入")} {name}；{e.Total} 条线路中 {e.Healthy} 条正常",
            ControllerEventKinds.RecordsChanged when e.Line is { } line => e.Detail switch
            {
                "fallback" => $"{name} 的{LineName(line)}用户现在解析到默认线路的 {e.Healthy} 个地址（本线路的出口都已故障，跨网访问会慢一些）：{string.Join("；", e.Changes ?? [])}",
                "withdrawn" => $"{name} 的{LineName(line)}记录已撤下（本线路的出口都已故障），该线路用户改由默认线路应答：{string.Join("；", e.Changes ?? [])}",
                _ => $"{name} 的{LineName(line)}现在发布本线路 {e.Total} 个地址中的 {e.Healthy} 个：{string.Join("；", e.Changes ?? [])}",
            },
            ControllerEventKinds.RecordsChanged =>
                $"{name} 现在发布 {e.Total} 个地址中的 {e.Healthy} 个：{string.Join("；", e.Changes ?? [])}",
            ControllerEventKinds.ProviderError =>
                $"{name} 的 DNS 服务商调用失败（{e.Detail}）：记录保持不变，稍后重试。{e.Message}",
            ControllerEventKinds.ProviderRecovered => $"{name} 的 DNS 服务商已恢复应答，变更将继续写入",
            ControllerEventKinds.Frozen => $"{name} 已冻结：所有探测点都无法判断，已发布的 {e.Healthy} 个地址保持不变",
            ControllerEventKinds.Thawed => $"{name} 解除冻结：探测点恢复，记录重新跟随健康状态",
            ControllerEventKinds.Blocked =>
                $"{name}{(e.Line is { } blockedLine ? $" 的{LineName(blockedLine)}" : "")} 已暂停写入（{e.Detail}）：DNS 服务商拒绝了这次变更，下次定时重读、配置重载或应发布集合变化之前不会再提交，不会反复重试。{e.Message}",
            ControllerEventKinds.Unblocked => $"{name}{(e.Line is { } unblockedLine ? $" 的{LineName(unblockedLine)}" : "")} 恢复写入（{e.Detail}）：DNS 服务商重新接受了变更",
            ControllerEventKinds.CnameAdopted => $"{name} 原有的 CNAME 已替换为 {e.Healthy} 个健康地址：{string.Join("；", e.Changes ?? [])}",
            ControllerEventKinds.ConfigReloaded => $"配置已重新加载：{e.Detail}",
            ControllerEventKinds.ConfigReloadFailed => $"配置重新加载失败，继续使用原配置：{e.Detail}",
            _ => e.Message,
        };
    }

    /// <summary>A line code as Chinese users know it (电信线路); other codes as written.</summary>
    public static string LineName(string line) => line switch
    {
        "default" => "默认线路",
        "telecom" => "电信线路",
        "unicom" => "联通线路",
        "mobile" => "移动线路",
        "edu" => "教育网线路",
        "oversea" => "境外线路",
        "drpeng" => "鹏博士线路",
        "btvn" => "广电网线路",
        "search" => "搜索引擎线路",
        _ => $"线路 {line} ",
    };

    private static string Result(string? label) => label switch
    {
        "refused" => "拒绝连接",
        "timeout" => "超时",
        "unreachable" => "不可达",
        "error" => "错误",
        null => "无应答",
        _ => label,
    };
}
