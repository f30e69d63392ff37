// Licensed under the MIT license.

namespace AliDdnsHa.StatusPage;

/// <summary>The page's inline style sheet: system fonts, light and dark schemes, and a layout that works from phone
/// width (the endpoint table scrolls sideways inside its card) to a desktop.</summary>
internal static class StatusPageStyle
{
    public const string Css = """
        :root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d232b;--muted:#667085;--line:#e3e6ea;--ok:#1a7f37;--bad:#c62828;--warn:#b25e00;--info:#1f6feb}
        @media (prefers-color-scheme:dark){:root{--bg:#0f1216;--card:#171b21;--fg:#e6e9ee;--muted:#98a2b3;--line:#2a3038}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:baseline;padding:.8rem 1rem;border-bottom:1px solid var(--line);background:var(--card)}
        h1{font-size:1.2rem;margin:0}
        h2{font-size:1.05rem;margin:0 0 .6rem;display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
        nav{margin-left:auto}
        a{color:var(--info)}
        main{max-width:1100px;margin:0 auto;padding:.8rem}
        section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;margin:0 0 .8rem}
        .meta{color:var(--muted);font-size:.85rem}
        .dry{color:var(--warn)}
        .type{font-size:.75rem;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 .3rem}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem .8rem;margin:0 0 .8rem}
        dt{color:var(--muted)}
        dd{margin:0;min-width:0;overflow-wrap:anywhere}
        @media (max-width:600px){dl{grid-template-columns:1fr}dt{margin-top:.3rem}}
        .badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.8rem;font-weight:600;background:var(--line)}
        .badge.up,.badge.healthy,.badge.voting,.badge.noop,.badge.changed{background:#dcfce7;color:#14532d}
        .badge.down,.badge.alldown,.badge.failed,.badge.blind{background:#fee2e2;color:#7f1d1d}
        .badge.unknown,.badge.holding,.badge.doubtful,.badge.skipped,.badge.nothingdiscovered{background:#fef3c7;color:#78350f}
        .badge.frozen{background:#dbeafe;color:#1e3a8a}
        .badge.fallback,.badge.withdrawn{background:#ffedd5;color:#7c2d12}
        .badge.blocked{background:#fee2e2;color:#7f1d1d}
        p.blocked,p.locked{margin:.2rem 0 .6rem}
        table.lines caption{text-align:left;font-weight:600;padding:.3rem 0}
        .chip{display:inline-block;font-family:ui-monospace,monospace;font-size:.85rem;border:1px solid var(--line);border-radius:4px;padding:0 .35rem;margin:0 .3rem .2rem 0}
        .chip.leaving{border-color:var(--bad);color:var(--bad);text-decoration:line-through}
        .chip.joining{border-color:var(--ok);color:var(--ok)}
        .error{color:var(--bad)}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:.3rem .5rem;border-top:1px solid var(--line);white-space:nowrap}
        th{color:var(--muted);font-weight:500;border-top:0}
        .addr{font-family:ui-monospace,monospace}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        svg.bars rect.s{fill:var(--ok)}
        svg.bars rect.f{fill:var(--bad)}
        .events ol{list-style:none;margin:0;padding:0}
        .events li{padding:.25rem 0;border-top:1px solid var(--line);overflow-wrap:anywhere}
        .events li:first-child{border-top:0}
        .events time{color:var(--muted);font-family:ui-monospace,monospace;font-size:.8rem;margin-right:.4rem}
        .ev.endpoint_down,.ev.provider_error,.ev.config_reload_failed{color:var(--bad)}
        .ev.endpoint_up,.ev.provider_recovered{color:var(--ok)}
        .ev.frozen{color:var(--info)}
        .vantages ul{margin:0;padding-left:1rem}
        """;
}
