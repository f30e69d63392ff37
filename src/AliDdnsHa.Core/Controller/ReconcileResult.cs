// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>How a reconcile pass ended; the lower-case names are the <c>result</c> label of <c>aliddnsha_reconciles_total</c>.</summary>
public enum ReconcileResult
{
    /// <summary>Not run: the first probe round is not complete.</summary>
    Skipped,
    Noop,
    Changed,
    Failed,
}
