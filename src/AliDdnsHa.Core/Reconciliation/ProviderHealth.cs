// Licensed under the MIT license.

using AliDdnsHa.Controller;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Reconciliation;

/// <summary>How the provider answered a target's last passes: failing or not, a configuration error that waits for the
/// next resync, and the last outcome for status. Not thread-safe: the reconciler guards it with its lock.</summary>
internal sealed class ProviderHealth
{
    private string? _lastLoggedFailure;

    public bool Failing { get; private set; }

    public ReconcileStatus? LastReconcile { get; private set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    /// <summary>Records a successful pass; returns true when the provider had been failing.</summary>
    public bool Succeeded(DateTimeOffset now, bool changed)
    {
        var recovered = Failing;
        Failing = false;
        _lastLoggedFailure = null;
        LastSuccessAt = now;
        LastReconcile = new ReconcileStatus(now, changed ? "changed" : "noop", null, null, null);
        return recovered;
    }

    /// <summary>Records a failed call; returns true when this failure differs from the last one logged (log it once).</summary>
    public bool Failed(string operation, DnsProviderException error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(error);
        Failing = true;
        LastReconcile = new ReconcileStatus(now, "failed", error.Message, error.Code, error.Hint);
        var signature = $"{operation}:{error.Code}:{error.Message}";
        var changed = signature != _lastLoggedFailure;
        _lastLoggedFailure = signature;
        return changed;
    }
}
