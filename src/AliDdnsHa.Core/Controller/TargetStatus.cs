// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>One target's state in <c>/api/status</c>. <c>Id</c> is the target's label in logs and metrics (the name, or
/// <c>name/AAAA</c> for an AAAA target); <c>Type</c> is the record type it owns.</summary>
public sealed record TargetStatus(
    string Id,
    string Name,
    string Type,
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
