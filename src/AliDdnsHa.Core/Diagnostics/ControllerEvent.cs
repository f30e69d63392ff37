// Licensed under the MIT license.

namespace AliDdnsHa.Diagnostics;

/// <summary>One entry of the recent-events list (<c>/api/events</c>, the status page, notifications).</summary>
/// <param name="Id">Increasing from 1 within one process; the <c>?since=</c> cursor.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">One of <see cref="ControllerEventKinds"/>.</param>
/// <param name="Target">The target's id (<c>name</c> or <c>name/AAAA</c>), when it concerns one.</param>
/// <param name="Source">The source's name, for endpoint events.</param>
/// <param name="Address">The endpoint's address, for endpoint events.</param>
/// <param name="Detail">The last probe result (<c>refused</c>, <c>timeout</c>, …), the provider's error code, or the reload's problems.</param>
/// <param name="Healthy">Endpoints Up after the event, for endpoint events; addresses published, for record changes.</param>
/// <param name="Total">Endpoints the target has.</param>
/// <param name="Changes">The record changes the provider confirmed (<c>+ 192.0.2.1 (ttl 600)</c>, <c>- …</c>).</param>
/// <param name="WasPublished">For endpoint events: whether the address was in the record set when its state changed
/// (so a Down endpoint is about to be removed, or an Up one is already served).</param>
/// <param name="Message">One English line: what happened and what it means for users.</param>
/// <param name="Line">The line (解析线路) it concerns, for a target with lines; <see langword="null"/> for the target as a
/// whole or its default line. For a line's record change, <paramref name="Detail"/> is the line's plan mode
/// (<c>fallback</c>: the default line's set; <c>withdrawn</c>; <c>healthy</c>: its own sources).</param>
public sealed record ControllerEvent(
    long Id,
    DateTimeOffset At,
    string Kind,
    string? Target,
    string? Source,
    string? Address,
    string? Detail,
    int? Healthy,
    int? Total,
    IReadOnlyList<string>? Changes,
    bool? WasPublished,
    string Message,
    string? Line = null);
