// Licensed under the MIT license.

using System.Globalization;
using System.Net;
using System.Text;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Health;

namespace AliDdnsHa.StatusPage;

/// <summary>Renders <c>GET /</c>: a server-rendered page with no external assets (it works on an offline LAN), whose
/// small inline script swaps in a fresh <see cref="RenderLive"/> fragment every few seconds.</summary>
/// <remarks>Written by hand with a <see cref="StringBuilder"/>: Razor is not available to a NativeAOT minimal API, and
/// the page is small. Every value that comes from configuration, a provider or a probe goes through
/// <see cref="WebUtility.HtmlEncode(string)"/>.</remarks>
internal static class StatusPageRenderer
{
    /// <summary>How often the page refreshes itself.</summary>
    public const int RefreshMilliseconds = 2000;

    /// <summary>Recent events the page lists.</summary>
    internal const int EventsShown = 30;

    /// <summary>Endpoint rows per target; beyond it, endpoints that are Up are counted instead of listed.</summary>
    internal const int MaxRowsPerTarget = 100;

    public static string RenderDocument(ControllerStatus status, IReadOnlyList<ControllerEvent> events, PageText text, DateTimeOffset now)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!doctype html><html lang=\"").Append(text.Lang).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">")
            .Append("<title>").Append(E(text.Title)).Append("</title><style>").Append(StatusPageStyle.Css).Append("</style></head><body>")
            .Append("<header><h1>AliDdnsHa</h1><span class=\"meta\">").Append(E(status.Version));
        if (status.DryRun)
        {
            html.Append(" · <b class=\"dry\">").Append(E(text.DryRun)).Append("</b>");
        }

        html.Append("</span><nav><a href=\"?lang=en\" hreflang=\"en\">English</a> · <a href=\"?lang=zh-CN\" hreflang=\"zh-CN\">中文</a></nav></header>")
            .Append("<main id=\"live\" aria-live=\"polite\">");
        RenderLive(html, status, events, text, now);
        html.Append("</main><script>").Append(Script(text)).Append("</script></body></html>");
        return html.ToString();
    }

    /// <summary>The part of the page that changes: vantages, targets and events.</summary>
    public static void RenderLive(StringBuilder html, ControllerStatus status, IReadOnlyList<ControllerEvent> events, PageText text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(text);
        html.Append("<p class=\"meta\">").Append(E(text.Updated)).Append(' ').Append(status.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append("</p>");
        if (status.Vantages.Count > 0 && status.Vantages.Any(v => v.Type != "Local" || v.Canaries.Count > 0))
        {
            RenderVantages(html, status.Vantages, text);
        }

        foreach (var target in status.Targets)
        {
            RenderTarget(html, target, text, now);
        }

        html.Append("<section class=\"events\"><h2>").Append(E(text.Events)).Append("</h2>");
        if (events.Count == 0)
        {
            html.Append("<p class=\"meta\">").Append(E(text.NoEvents)).Append("</p>");
        }
        else
        {
            html.Append("<ol>");
            foreach (var e in events.Take(EventsShown))
            {
                html.Append("<li class=\"ev ").Append(E(e.Kind)).Append("\" data-kind=\"").Append(E(e.Kind)).Append("\"><time datetime=\"")
                    .Append(e.At.ToString("O", CultureInfo.InvariantCulture)).Append("\">").Append(e.At.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                    .Append("</time> ").Append(E(EventText.Describe(e, text == PageText.Chinese))).Append("</li>");
            }

            html.Append("</ol>");
        }

        html.Append("</section>");
    }

    private static void RenderVantages(StringBuilder html, IReadOnlyList<VantageStatus> vantages, PageText text)
    {
        html.Append("<section class=\"vantages\"><h2>").Append(E(text.Vantages)).Append("</h2><ul>");
        foreach (var v in vantages)
        {
            html.Append("<li data-vantage=\"").Append(E(v.Name)).Append("\"><b>").Append(E(v.Name)).Append("</b> ").Append(E(v.Type))
                .Append(" <span class=\"badge ").Append(E(v.Condition.ToLowerInvariant())).Append("\">").Append(E(text.Word(v.Condition))).Append("</span>");
            if (v.Reason is { } reason)
            {
                html.Append(" <span class=\"meta\">").Append(E(reason)).Append("</span>");
            }

            html.Append("</li>");
        }

        html.Append("</ul></section>");
    }

    private static void RenderTarget(StringBuilder html, TargetStatus t, PageText text, DateTimeOffset now)
    {
        var mode = t.Frozen ? "Frozen" : t.Mode;
        html.Append("<section class=\"target\" data-target=\"").Append(E(t.Id)).Append("\" data-mode=\"").Append(E(mode)).Append("\"><h2>")
            .Append(E(t.Name)).Append(" <span class=\"type\">").Append(E(t.Type)).Append("</span> <span class=\"badge ").Append(E(mode.ToLowerInvariant()))
            .Append("\">").Append(E(text.Word(mode))).Append("</span></h2><dl>");

        var published = t.Published.ToHashSet(StringComparer.Ordinal);
        var desired = t.Desired.ToHashSet(StringComparer.Ordinal);
        html.Append("<dt>").Append(E(text.Published)).Append("</dt><dd class=\"set published\">");
        Chips(html, t.Published, a => desired.Contains(a) ? "ok" : "leaving", text);
        html.Append("</dd><dt>").Append(E(text.Desired)).Append("</dt><dd class=\"set desired\">");
        Chips(html, t.Desired, a => published.Contains(a) ? "ok" : "joining", text);
        html.Append("</dd><dt>").Append(E(text.LastChange)).Append("</dt><dd class=\"last-change\">");
        if (t.LastChange is { } change)
        {
            html.Append(E(Ago(now - change.At, text))).Append(" <span class=\"meta\">").Append(E(string.Join("; ", change.Changes))).Append("</span>");
        }
        else
        {
            html.Append(E(text.Never));
        }

        html.Append("</dd><dt>").Append(E(text.ProviderAnswer)).Append("</dt><dd class=\"provider\">").Append(E(t.Provider)).Append(": ");
        if (t.LastReconcile is { } last)
        {
            html.Append("<span class=\"badge ").Append(E(last.Result.ToLowerInvariant())).Append("\">").Append(E(text.Word(last.Result))).Append("</span> ")
                .Append(E(Ago(now - last.At, text)));
            if (last.Error is { } error)
            {
                html.Append(" <span class=\"error\">").Append(E(last.ErrorCode ?? "")).Append(' ').Append(E(error)).Append("</span>");
            }
        }
        else
        {
            html.Append(E(text.Never));
        }

        var detection = TimeSpan.FromSeconds(t.DetectionBoundSeconds);
        var ttl = TimeSpan.FromSeconds(t.Ttl);
        html.Append("</dd><dt>").Append(E(text.WorstCase)).Append("</dt><dd class=\"worst-case\"><b>").Append(E(Duration(TimeSpan.FromSeconds(t.WorstCaseSeconds), text)))
            .Append("</b> <span class=\"meta\">")
            .Append(E(string.Format(CultureInfo.InvariantCulture, text.WorstCaseDetail, Duration(detection, text), Duration(ttl, text), Duration(detection + ttl, text))))
            .Append("</span></dd></dl>");
        if (t.Blocked is { } blocked)
        {
            html.Append("<p class=\"error blocked\" role=\"alert\"><b>").Append(E(text.BlockedTitle)).Append("</b> ").Append(E(blocked.Code)).Append(": ")
                .Append(E(blocked.Message)).Append(" <span class=\"meta\">")
                .Append(E(string.Format(CultureInfo.InvariantCulture, text.BlockedUntil, blocked.Until.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))));
            if (blocked.Hint is { } hint)
            {
                html.Append(" · ").Append(E(hint));
            }

            html.Append("</span></p>");
        }

        if (t.CannotWithdraw is { Count: > 0 } pinned)
        {
            html.Append("<p class=\"error locked\">").Append(E(text.CannotWithdraw)).Append(": ");
            Chips(html, pinned, _ => "leaving", text);
            html.Append("</p>");
        }

        if (t.Lines is { Count: > 1 } lines)
        {
            RenderLines(html, lines, text);
        }

        html.Append("<div class=\"scroll\"><table><thead><tr><th>").Append(E(text.Source)).Append("</th><th>").Append(E(text.Address))
            .Append("</th><th>").Append(E(text.State)).Append("</th><th>").Append(E(text.LastResult)).Append("</th><th>").Append(E(text.Latency))
            .Append("</th><th>").Append(E(text.Recent)).Append("</th><th>").Append(E(text.InSet)).Append("</th></tr></thead><tbody>");
        // A large target shows every endpoint that is not Up, then Up ones up to the row budget, and counts the rest:
        // the page is fetched every 2 s and must stay light with thousands of endpoints.
        var notUp = t.Sources.Sum(s => s.Endpoints.Count(e => e.State != "Up"));
        var upBudget = Math.Max(0, MaxRowsPerTarget - notUp);
        var hidden = 0;
        foreach (var source in t.Sources)
        {
            if (source.Endpoints.Count == 0)
            {
                html.Append("<tr data-source=\"").Append(E(source.Name)).Append("\"><td>").Append(E(source.Name)).Append("</td><td colspan=\"6\" class=\"error\">")
                    .Append(E(source.LastError ?? text.Word("NothingDiscovered"))).Append("</td></tr>");
            }

            foreach (var e in source.Endpoints)
            {
                if (e.State == "Up" && upBudget-- <= 0)
                {
                    hidden++;
                    continue;
                }

                html.Append("<tr data-source=\"").Append(E(source.Name)).Append("\" data-address=\"").Append(E(e.Address)).Append("\" data-state=\"").Append(E(e.State))
                    .Append("\"><td>").Append(E(source.Name)).Append("</td><td class=\"addr\">").Append(E(e.Address)).Append(':').Append(e.Port)
                    .Append("</td><td><span class=\"badge ").Append(E(e.State.ToLowerInvariant())).Append("\">").Append(E(text.Word(e.State))).Append("</span></td><td>")
                    .Append(E(text.Word(e.LastResult))).Append("</td><td class=\"num\">")
                    .Append(e.LastLatencyMs is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "—").Append("</td><td>");
                Bars(html, e.RecentLatenciesMs);
                html.Append("</td><td>").Append(e.Published ? "✓" : "").Append("</td></tr>");
            }
        }

        if (hidden > 0)
        {
            html.Append("<tr class=\"more\"><td colspan=\"7\" class=\"meta\">")
                .Append(E(string.Format(CultureInfo.InvariantCulture, text.MoreUp, hidden))).Append("</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
    }

    /// <summary>One row per line (解析线路): its own sources, the set it publishes beside the set it should, and a badge
    /// while it serves the default line's set.</summary>
    private static void RenderLines(StringBuilder html, IReadOnlyList<LineStatus> lines, PageText text)
    {
        html.Append("<div class=\"scroll\"><table class=\"lines\"><caption>").Append(E(text.Lines)).Append("</caption><thead><tr><th>").Append(E(text.Line))
            .Append("</th><th>").Append(E(text.OwnSources)).Append("</th><th>").Append(E(text.Published)).Append("</th><th>").Append(E(text.Desired))
            .Append("</th><th>").Append(E(text.State)).Append("</th></tr></thead><tbody>");
        foreach (var line in lines)
        {
            var published = line.Published.ToHashSet(StringComparer.Ordinal);
            var desired = line.Desired.ToHashSet(StringComparer.Ordinal);
            var word = text.Word(line.Line);
            html.Append("<tr data-line=\"").Append(E(line.Line)).Append("\" data-mode=\"").Append(E(line.Mode)).Append("\"><td><b>").Append(E(word)).Append("</b>");
            if (word != line.Line)
            {
                html.Append(" <span class=\"meta\">").Append(E(line.Line)).Append("</span>");
            }

            html.Append("</td><td>").Append(E(string.Join(", ", line.Sources))).Append("</td><td class=\"set published\">");
            Chips(html, line.Published, a => desired.Contains(a) ? "ok" : "leaving", text);
            html.Append("</td><td class=\"set desired\">");
            Chips(html, line.Desired, a => published.Contains(a) ? "ok" : "joining", text);
            html.Append("</td><td><span class=\"badge ").Append(E(line.Mode.ToLowerInvariant())).Append("\">")
                .Append(E(line.Fallback ? text.FallbackBadge : text.Word(line.Mode))).Append("</span>");
            if (line.Blocked is { } blocked)
            {
                html.Append(" <span class=\"badge blocked\" title=\"").Append(E(blocked.Message)).Append("\">").Append(E(text.Word("blocked"))).Append(' ').Append(E(blocked.Code)).Append("</span>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void Chips(StringBuilder html, IReadOnlyList<string> addresses, Func<string, string> kind, PageText text)
    {
        if (addresses.Count == 0)
        {
            html.Append("<span class=\"meta\">").Append(E(text.NothingPublished)).Append("</span>");
        }

        foreach (var address in addresses)
        {
            html.Append("<span class=\"chip ").Append(kind(address)).Append("\">").Append(E(address)).Append("</span>");
        }
    }

    /// <summary>An inline SVG bar per recent probe: height by latency (relative to the slowest shown), red and full
    /// height for a failure.</summary>
    private static void Bars(StringBuilder html, IReadOnlyList<double?> samples)
    {
        const int Height = 18;
        const int Width = 4;
        var max = samples.Where(s => s.HasValue).Select(s => s!.Value).DefaultIfEmpty(1).Max();
        max = Math.Max(max, 0.001);
        html.Append("<svg class=\"bars\" role=\"img\" width=\"").Append(samples.Count * (Width + 1)).Append("\" height=\"").Append(Height).Append("\">");
        for (var i = 0; i < samples.Count; i++)
        {
            var h = samples[i] is { } v ? Math.Max(2, (int)Math.Round(v / max * Height)) : Height;
            html.Append("<rect x=\"").Append(i * (Width + 1)).Append("\" y=\"").Append(Height - h).Append("\" width=\"").Append(Width).Append("\" height=\"").Append(h)
                .Append("\" class=\"").Append(samples[i].HasValue ? "s" : "f").Append("\"/>");
        }

        html.Append("</svg>");
    }

    internal static string Ago(TimeSpan elapsed, PageText text) =>
        string.Format(CultureInfo.InvariantCulture, text.Ago, Duration(elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed, text));

    /// <summary>A short duration: <c>42 s</c>, <c>10 min 11 s</c>, <c>3 h 5 min</c>, <c>2 d 4 h</c>.</summary>
    internal static string Duration(TimeSpan span, PageText text)
    {
        var sep = text == PageText.Chinese ? "" : " ";
        string Part(double value, string unit) => value.ToString("0", CultureInfo.InvariantCulture) + sep + unit;
        return span.TotalSeconds < 60 ? Part(Math.Floor(span.TotalSeconds), text.Seconds)
            : span.TotalMinutes < 60 ? Part(span.Minutes, text.Minutes) + (span.Seconds > 0 ? " " + Part(span.Seconds, text.Seconds) : "")
            : span.TotalHours < 24 ? Part(Math.Floor(span.TotalHours), text.Hours) + (span.Minutes > 0 ? " " + Part(span.Minutes, text.Minutes) : "")
            : Part(Math.Floor(span.TotalDays), text.Days) + (span.Hours > 0 ? " " + Part(span.Hours, text.Hours) : "");
    }

    private static string Script(PageText text) =>
        "(function(){var live=document.getElementById('live');var lang='" + text.Lang + "';" +
        "async function refresh(){try{var r=await fetch('?fragment=1&lang='+lang,{cache:'no-store'});" +
        "if(r.ok){live.innerHTML=await r.text();document.body.dataset.refreshed=String(Date.now());}}catch(e){}}" +
        "setInterval(refresh," + RefreshMilliseconds.ToString(CultureInfo.InvariantCulture) + ");})();";

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
