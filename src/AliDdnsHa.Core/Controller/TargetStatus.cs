// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>One target's state in <c>/api/status</c>. <c>Id</c> is the target's label in logs and metrics (the name, or
/// <c>name/AAAA</c> for an AAAA target); <c>Type</c> is the record type it owns. <c>DetectionBoundSeconds</c> is how
/// long a dead line can take to be confirmed Down with the target's probe settings. The top-level <c>Published</c>,
/// <c>Desired</c> and <c>Mode</c> are the default line's; <c>Lines</c> has every line's record set, the default first.</summary>
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
    int Ttl,
    double DetectionBoundSeconds,
    IReadOnlyList<SourceStatus> Sources,
    IReadOnlyList<LineStatus>? Lines = null,
    BlockedStatus? Blocked = null,
    IReadOnlyList<string>? CannotWithdraw = null)
{
    /// <summary>The longest a user may still be sent to a dead line: <see cref="DetectionBoundSeconds"/> plus the TTL
    /// resolvers may cache the old answer for.</summary>
    public double WorstCaseSeconds => DetectionBoundSeconds + Ttl;
}
