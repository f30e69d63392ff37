// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>One target's state.</summary>
public sealed record TargetStatus(
    string Name,
    string? Zone,
    string Provider,
    string Mode,
    bool AllDown,
    bool Frozen,
    IReadOnlyList<string> Vantages,
    bool InitialProbeCompleted,
    IReadOnlyList<string> Published,
    IReadOnlyList<string> Desired,
    ReconcileStatus? LastReconcile,
    ChangeStatus? LastChange,
    DateTimeOffset? LastSyncSuccessAt,
    IReadOnlyList<SourceStatus> Sources);
