// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>What one vantage sees of one endpoint.</summary>
public sealed record EndpointVantageStatus(
    string Vantage,
    string State,
    string Vote,
    string? LastResult,
    double? LastLatencyMs,
    string? LastDetail,
    string? LastFault,
    DateTimeOffset? LastProbeAt,
    int ConsecutiveSuccesses,
    int ConsecutiveFailures);
