// Licensed under the MIT license.

using System.Globalization;
using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Planning;

namespace AliDdnsHa.Reconciliation;

/// <summary>What the record set does when the provider refuses for good — it blocks and says so once — and how a CNAME
/// that holds the name is told or, with <c>AdoptCname</c>, replaced.</summary>
internal sealed partial class RecordSetReconciler
{
    /// <summary>Blocks the record set after a refusal that will not go away by itself: the change towards
    /// <paramref name="desired"/> (<see langword="null"/> for a refused read) is not sent again until the next resync,
    /// a reload, or a change in the set wanted. Told once: a log line, an event (and so a notification), the
    /// <c>aliddnsha_target_blocked</c> gauge and status.</summary>
    private async Task BlockAsync(string operation, DnsProviderException error, IReadOnlyList<IPAddress>? desired, CancellationToken cancellationToken)
    {
        var message = error.IsConflict ? await DescribeConflictAsync(error, cancellationToken) : error.Message;
        var now = _time.GetUtcNow();
        var until = now + _options.ResyncInterval;
        bool told;
        lock (_gate)
        {
            _providerHealth.Failed(operation, error, now);
            told = _block.Block(error, message, desired, now, until);
            _cache.NextResyncAt = until;
            if (desired is null)
            {
                _cache.MarkStale(); // nothing was read: the next resync reads
            }
        }

        _metrics.TargetBlocked.WithLabels(_options.Id, Line, error.Code).Set(1);
        if (!told)
        {
            return;
        }

        if (error.IsConfigurationError)
        {
            Log.ProviderConfigurationError(_logger, _label, _provider.Name, operation, error.Code, message, error.Hint ?? "");
        }
        else
        {
            Log.Blocked(_logger, _label, _provider.Name, operation, error.Code, message, error.Hint ?? "", until);
        }

        _events?.Publish(
            ControllerEventKinds.Blocked,
            _options.Id,
            $"{Describe()} is blocked: provider {_provider.Name} refused the {operation} ({error.Code}: {message}); the change is not sent again before "
                + $"{until.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC (the next resync), a reload, or a change in the set wanted{(error.Hint is null ? "" : ". " + error.Hint)}",
            detail: error.Code,
            line: _line?.Code);
    }

    /// <summary>Lifts a block after the provider accepted the record set again. Call outside the lock.</summary>
    private void Unblock(BlockedStatus lifted)
    {
        _metrics.TargetBlocked.RemoveLabelled(_options.Id, Line, lifted.Code);
        Log.Unblocked(_logger, _label, lifted.Code);
        _events?.Publish(
            ControllerEventKinds.Unblocked,
            _options.Id,
            $"{Describe()} is no longer blocked ({lifted.Code}): the provider accepts its record set again",
            detail: lifted.Code,
            line: _line?.Code);
    }

    /// <summary>Names what holds the name, where the provider can tell: "home.example.com has CNAME dns1.example.com on
    /// line default — …".</summary>
    private async Task<string> DescribeConflictAsync(DnsProviderException error, CancellationToken cancellationToken)
    {
        if (_provider is not IDnsProviderConflicts conflicts)
        {
            return error.Message;
        }

        try
        {
            var found = await conflicts.ReadConflictsAsync(Key, cancellationToken);
            return found.Count == 0 ? error.Message : found[0].Describe(_options.Name, Line, _options.AdoptCname);
        }
        catch (DnsProviderException)
        {
            return error.Message;
        }
    }

    /// <summary>With <c>AdoptCname</c>, replaces a CNAME at the name by the healthy set once that set is known: the
    /// CNAME is deleted and the addresses added right after (one UPDATE for RFC 2136). Returns <see langword="null"/>
    /// when there is nothing to adopt (the option is off, the provider cannot, or what holds the name is not a CNAME).</summary>
    private async Task<ReconcileResult?> TryAdoptCnameAsync(RecordSetPlan plan, Health.HealthSnapshot health, CancellationToken cancellationToken)
    {
        if (!_options.AdoptCname || _provider is not IDnsProviderConflicts conflicts)
        {
            return null;
        }

        IReadOnlyList<ConflictingRecord> found;
        try
        {
            found = await conflicts.ReadConflictsAsync(Key, cancellationToken);
        }
        catch (DnsProviderException)
        {
            return null;
        }

        if (found.Count != 1 || found[0] is not { IsCname: true, Locked: false } cname)
        {
            return null; // only a CNAME, alone and unlocked, is adopted
        }

        if (plan.Mode is not (PlanMode.Healthy or PlanMode.Fallback) || plan.Desired.Count == 0)
        {
            Log.AdoptionWaits(_logger, _label, cname.Value, plan.Mode.ToString());
            return ReconcileResult.Noop; // probe until the set is known: never trade a working CNAME for nothing
        }

        var adds = plan.Desired.Select(a => new RecordChange(RecordChangeKind.Add, a, _options.Ttl)).ToList();
        var (result, gap) = await conflicts.ReplaceCnameAsync(Key, cname, adds, cancellationToken);
        RecordApplied(result.Applied, health);
        if (result.Error is { } error)
        {
            await ProviderFailedAsync("adopt", error, plan.Desired, cancellationToken);
            return error.IsPermanent ? ReconcileResult.Blocked : ReconcileResult.Failed;
        }

        Log.CnameAdopted(_logger, _label, cname.Value, adds.Count, gap.TotalMilliseconds);
        _events?.Publish(
            ControllerEventKinds.CnameAdopted,
            _options.Id,
            $"{Describe()}: the CNAME to {cname.Value} was replaced by {adds.Count} healthy address(es) ({string.Join(", ", plan.Desired)}); the name had no record for {gap.TotalMilliseconds:F0} ms",
            healthy: adds.Count,
            changes: [$"- CNAME {cname.Value}", .. adds.Select(a => a.ToString())],
            line: _line?.Code);
        MarkSynced(plan, health);
        return ReconcileResult.Changed;
    }
}
