// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>One line's record set in <c>/api/status</c>: the default line first (every healthy address), then each
/// managed line. <c>Fallback</c> is true while a managed line serves the default line's set because none of its own
/// sources is healthy.</summary>
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
    DateTimeOffset? LastSyncSuccessAt);
