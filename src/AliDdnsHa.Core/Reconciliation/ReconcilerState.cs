// Licensed under the MIT license.

using AliDdnsHa.Controller;
using AliDdnsHa.Planning;

namespace AliDdnsHa.Reconciliation;

/// <summary>What the reconciler last knew and did, for status.</summary>
internal sealed record ReconcilerState(
    IReadOnlyList<string> Published,
    IReadOnlyList<string> Desired,
    PlanMode Mode,
    ReconcileStatus? LastReconcile,
    ChangeStatus? LastChange,
    DateTimeOffset? LastSyncSuccessAt,
    BlockedStatus? Blocked = null,
    IReadOnlyList<string>? Locked = null,
    IReadOnlyList<string>? CannotWithdraw = null);
