// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>The JSON document served at <c>/api/status</c>. Holds no secrets.</summary>
public sealed record ControllerStatus(
    string Version, bool DryRun, DateTimeOffset GeneratedAt, IReadOnlyList<AliDdnsHa.Health.VantageStatus> Vantages, IReadOnlyList<TargetStatus> Targets);
