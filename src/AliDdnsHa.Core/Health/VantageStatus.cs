// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>A vantage as <c>/api/status</c> shows it. Holds no secrets.</summary>
public sealed record VantageStatus(
    string Name,
    string Type,
    string? Url,
    string Condition,
    string? Reason,
    DateTimeOffset? ConditionSince,
    string? LastFault,
    DateTimeOffset? LastFaultAt,
    IReadOnlyList<CanaryStatus> Canaries);
