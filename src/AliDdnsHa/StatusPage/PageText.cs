// Licensed under the MIT license.

namespace AliDdnsHa.StatusPage;

/// <summary>Every string the status page shows, in one language. Two instances exist, so a string missing from one
/// language is a compile error rather than a blank on the page.</summary>
internal sealed record PageText(
    string Lang,
    string Title,
    string Updated,
    string DryRun,
    string Published,
    string Desired,
    string NothingPublished,
    string LastChange,
    string Never,
    string ProviderAnswer,
    string WorstCase,
    string WorstCaseDetail,
    string Source,
    string Address,
    string State,
    string LastResult,
    string Latency,
    string Recent,
    string InSet,
    string Vantages,
    string Events,
    string NoEvents,
    string Ago,
    string Seconds,
    string Minutes,
    string Hours,
    string Days,
    string MoreUp,
    string Lines,
    string Line,
    string OwnSources,
    string FallbackBadge,
    string BlockedTitle,
    string BlockedUntil,
    string CannotWithdraw,
    IReadOnlyDictionary<string, string> Words)
{
    /// <summary>A state, mode or result name in this language (<c>Up</c>, <c>Holding</c>, <c>refused</c>, …), or the name itself.</summary>
    public string Word(string? value) => value is null ? "—" : Words.TryGetValue(value, out var word) ? word : value;

    public static PageText English { get; } = new(
        "en",
        "AliDdnsHa status",
        "updated",
        "dry run: nothing is written",
        "Published",
        "Desired",
        "nothing",
        "Last change",
        "never",
        "Provider's last answer",
        "Worst case for a user",
        "a dead line is confirmed down within {0}, and resolvers may keep the old answer for the TTL ({1}): users may be sent to it for up to {2}",
        "Source",
        "Address",
        "State",
        "Last probe",
        "Latency",
        "Recent probes",
        "In set",
        "Vantages",
        "Recent events",
        "No events yet.",
        "{0} ago",
        "s",
        "min",
        "h",
        "d",
        "… and {0} more endpoints, all up (the full list is in /api/status)",
        "Lines",
        "Line",
        "Own sources",
        "on the default line's set",
        "Blocked: the provider refuses the change",
        "not sent again before {0} (the next resync), a reload, or a change in the set wanted",
        "cannot withdraw: locked",
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["default"] = "default",
            ["Fallback"] = "fallback",
            ["blocked"] = "blocked",
            ["Withdrawn"] = "withdrawn",
            ["Up"] = "up",
            ["Down"] = "down",
            ["Unknown"] = "unknown",
            ["Healthy"] = "healthy",
            ["Holding"] = "holding",
            ["AllDown"] = "all down",
            ["NothingDiscovered"] = "nothing discovered",
            ["Frozen"] = "frozen",
            ["Voting"] = "voting",
            ["Doubtful"] = "doubtful",
            ["Blind"] = "blind",
            ["Changed"] = "changed",
            ["Noop"] = "in step",
            ["Failed"] = "failed",
            ["Skipped"] = "waiting for the first probe round",
            ["changed"] = "changed",
            ["noop"] = "in step",
            ["failed"] = "failed",
            ["skipped"] = "waiting for the first probe round",
        });

    public static PageText Chinese { get; } = new(
        "zh-CN",
        "AliDdnsHa 状态",
        "更新于",
        "演练模式：不会写入任何记录",
        "已发布",
        "应发布",
        "无",
        "最近变更",
        "从未",
        "DNS 服务商最近应答",
        "用户最坏情况",
        "线路失效后最多 {0} 确认下线，解析器还可能按 TTL（{1}）缓存旧记录：用户最多可能被指向失效线路 {2}",
        "线路",
        "地址",
        "状态",
        "最近探测",
        "延迟",
        "近期探测",
        "在记录中",
        "探测点",
        "最近事件",
        "暂无事件。",
        "{0}前",
        "秒",
        "分钟",
        "小时",
        "天",
        "……另有 {0} 个端点，均正常（完整列表见 /api/status）",
        "解析线路",
        "线路",
        "本线路出口",
        "暂用默认线路的地址",
        "已暂停写入：DNS 服务商拒绝了这次变更",
        "在 {0}（下次定时重读）之前、配置热重载或应发布集合变化之前不会再次提交",
        "无法撤下：记录已锁定",
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["default"] = "默认",
            ["telecom"] = "电信",
            ["unicom"] = "联通",
            ["mobile"] = "移动",
            ["edu"] = "教育网",
            ["oversea"] = "境外",
            ["drpeng"] = "鹏博士",
            ["btvn"] = "广电网",
            ["search"] = "搜索引擎",
            ["Fallback"] = "回落默认",
            ["blocked"] = "已暂停写入",
            ["Withdrawn"] = "已撤下",
            ["Up"] = "正常",
            ["Down"] = "故障",
            ["Unknown"] = "待定",
            ["Healthy"] = "正常",
            ["Holding"] = "保持",
            ["AllDown"] = "全部故障",
            ["NothingDiscovered"] = "未发现地址",
            ["Frozen"] = "冻结",
            ["Voting"] = "投票中",
            ["Doubtful"] = "存疑",
            ["Blind"] = "失明",
            ["Changed"] = "已变更",
            ["Noop"] = "已同步",
            ["Failed"] = "失败",
            ["Skipped"] = "等待首轮探测",
            ["changed"] = "已变更",
            ["noop"] = "已同步",
            ["failed"] = "失败",
            ["skipped"] = "等待首轮探测",
            ["success"] = "成功",
            ["refused"] = "拒绝连接",
            ["timeout"] = "超时",
            ["unreachable"] = "不可达",
            ["error"] = "错误",
        });

    /// <summary>The language for a request: <c>?lang=</c> first, then the best of <c>Accept-Language</c>; English otherwise.</summary>
    public static PageText For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query["lang"].ToString() is { Length: > 0 } lang)
        {
            return lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
        }

        var best = (Text: English, Quality: -1.0);
        foreach (var part in request.Headers.AcceptLanguage.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = part.Split(';', StringSplitOptions.TrimEntries);
            var quality = 1.0;
            foreach (var field in fields.Skip(1))
            {
                if (field.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(field[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
                {
                    quality = q;
                }
            }

            PageText? text = fields[0].StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
                : fields[0].StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English
                : null;
            if (text is not null && quality > best.Quality)
            {
                best = (text, quality);
            }
        }

        return best.Text;
    }
}
