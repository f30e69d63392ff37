// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>The result of one probe: a value, never an exception.</summary>
/// <param name="Outcome">How the probe ended.</param>
/// <param name="Duration">Time from the start of the connect to its end.</param>
/// <param name="Detail">The socket error for failures.</param>
public readonly record struct ProbeResult(ProbeOutcome Outcome, TimeSpan Duration, string? Detail = null)
{
    public bool IsSuccess => Outcome == ProbeOutcome.Success;

    /// <summary>The metrics label value.</summary>
    public string Label => Outcome switch
    {
        ProbeOutcome.Success => "success",
        ProbeOutcome.Refused => "refused",
        ProbeOutcome.Timeout => "timeout",
        ProbeOutcome.Unreachable => "unreachable",
        ProbeOutcome.Failed => "failed",
        _ => "error",
    };
}
