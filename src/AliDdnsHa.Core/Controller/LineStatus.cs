// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>One line's record set in <c>/api/status</c>: the default line first (every healthy address), then each
/// managed line. <c>Fallback</c> is true while a managed line serves the default line's set because none of its own
/// sources is healthy. <c>Blocked</c> is set while the provider refuses the line's change for good; <c>Locked</c>
/// lists the addresses of locked records (pinned: never changed or deleted), and <c>CannotWithdraw</c> those of them
/// that should leave the set.</summary>
public sealed record LineStatus(
    string Line,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Vantages,
    string Mode,
    bool Fallback,
    IReadOnlyList<string> Published,
    IReadOnlyList<string> Desired,
    ReconcileStatus? LastReconcile,
    ChangeStatus? LastChange,
    DateTimeOffset? LastSyncSuccessAt,
    BlockedStatus? Blocked = null,
    IReadOnlyList<string>? Locked = null,
    IReadOnlyList<string>? CannotWithdraw = null);
