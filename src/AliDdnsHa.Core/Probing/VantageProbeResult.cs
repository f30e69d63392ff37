// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>The answer of a vantage: a probe result, or a fault of the vantage itself.</summary>
/// <param name="Result">The probe's result; meaningless when <paramref name="Fault"/> is set.</param>
/// <param name="Fault">Set when the vantage could not be asked: that says nothing about the endpoint.</param>
public readonly record struct VantageProbeResult(ProbeResult Result, VantageFault? Fault = null)
{
    public static VantageProbeResult Failed(VantageFault fault, TimeSpan took) => new(new ProbeResult(ProbeOutcome.Error, took, fault.Message), fault);
}
