// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>The last reconcile pass.</summary>
public sealed record ReconcileStatus(DateTimeOffset At, string Result, string? Error, string? ErrorCode, string? Hint);
