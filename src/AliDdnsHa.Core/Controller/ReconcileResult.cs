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

    /// <summary>The change was refused for good before (a conflicting or locked record, a quota, a permission): it is
    /// not sent again until the next resync, a reload, or a change in the set wanted.</summary>
    Blocked,
}
