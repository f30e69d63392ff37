// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>One resolution line a target manages besides the default one (Alidns 解析线路, a BIND view): the sources
/// whose healthy addresses that line's users get, and optionally the vantages that judge them for it.</summary>
/// <remarks>The default line always holds every healthy address of the target; a line listed here holds the healthy
/// addresses of its own sources, and <see cref="TargetOptions.WhenLineDown"/> decides what it holds while none of them
/// is healthy.</remarks>
public sealed class LineOptions
{
    /// <summary>The line code (<c>telecom</c>, <c>unicom</c>, <c>cn_telecom_beijing</c>).</summary>
    public string Code { get; set; } = "";

    /// <summary>The names of the target's sources this line's users are sent to.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Vantages that judge this line's sources for this line (a blackbox_exporter inside that ISP's network);
    /// empty means the target's vantages and quorum.</summary>
    public List<string> Vantages { get; set; } = [];

    /// <summary>How many of <see cref="Vantages"/> must see an address Up; a majority when unset.</summary>
    public int? Quorum { get; set; }

    /// <summary>True when the line has vantages of its own.</summary>
    public bool HasOwnVantages => Vantages.Count > 0;
}
