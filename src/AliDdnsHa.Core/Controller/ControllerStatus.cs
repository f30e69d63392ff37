// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>The JSON document served at <c>/api/status</c>. Holds no secrets.</summary>
public sealed record ControllerStatus(string Version, bool DryRun, DateTimeOffset GeneratedAt, IReadOnlyList<TargetStatus> Targets);

/// <summary>One target's state.</summary>
public sealed record TargetStatus(
    string Name,
    string? Zone,
    string Provider,
    string Mode,
    bool AllDown,
    bool InitialProbeCompleted,
    IReadOnlyList<string> Published,
    IReadOnlyList<string> Desired,
    ReconcileStatus? LastReconcile,
    ChangeStatus? LastChange,
    DateTimeOffset? LastSyncSuccessAt,
    IReadOnlyList<SourceStatus> Sources);

/// <summary>One source and its endpoints.</summary>
public sealed record SourceStatus(
    string Name,
    string Kind,
    string Origin,
    IReadOnlyList<string> Addresses,
    string? LastError,
    DateTimeOffset? LastDiscoveryAt,
    IReadOnlyList<EndpointStatus> Endpoints);

/// <summary>One endpoint's state and last probe.</summary>
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
    DateTimeOffset? LastTransitionAt);

/// <summary>The last reconcile pass.</summary>
public sealed record ReconcileStatus(DateTimeOffset At, string Result, string? Error, string? ErrorCode, string? Hint);

/// <summary>The last change the provider confirmed.</summary>
public sealed record ChangeStatus(DateTimeOffset At, IReadOnlyList<string> Changes);
