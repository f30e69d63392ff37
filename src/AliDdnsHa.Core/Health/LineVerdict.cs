// Licensed under the MIT license.

using AliDdnsHa.Probing;

namespace AliDdnsHa.Health;

/// <summary>One line's own verdict of an endpoint, from the quorum of the line's vantages (a blackbox_exporter inside
/// that ISP's network sees what the line's users see). Mutated under the owning <see cref="TargetHealth"/>'s lock.</summary>
/// <param name="line">The line code.</param>
/// <param name="views">Which of the endpoint's views are the line's vantages (indices into <see cref="EndpointMonitor.Views"/>).</param>
/// <param name="quorum">The line's quorum; a majority of its voting vantages when unset.</param>
internal sealed class LineVerdict(string line, int[] views, int? quorum)
{
    public string Line { get; } = line;

    public int[] Views { get; } = views;

    public int? Quorum { get; } = quorum;

    public EndpointHealth Health { get; set; } = EndpointHealth.Unknown;

    /// <summary>While Down: the first failed probe of the line's vantages that voted it Down.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset? LastTransitionAt { get; set; }
}
