// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>One endpoint's combined state, the last probe of its first vantage, and what each vantage sees.
/// <c>RecentLatenciesMs</c> holds the first vantage's last answers, oldest first: milliseconds for a success,
/// <see langword="null"/> for a failure.</summary>
public sealed record EndpointStatus(
    string Address,
    int Port,
    string State,
    bool Published,
    string? LastResult,
    double? LastLatencyMs,
    string? LastDetail,
    DateTimeOffset? LastProbeAt,
    int ConsecutiveSuccesses,
    int ConsecutiveFailures,
    DateTimeOffset? LastTransitionAt,
    IReadOnlyList<EndpointVantageStatus> Vantages,
    IReadOnlyList<double?> RecentLatenciesMs);
