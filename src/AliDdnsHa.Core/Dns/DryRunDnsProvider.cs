// Licensed under the MIT license.

using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Dns;

/// <summary>Reads through to the real provider and only logs the writes it would make.</summary>
public sealed partial class DryRunDnsProvider(IDnsProvider inner, ILogger<DryRunDnsProvider> logger) : IDnsProvider, IDnsProviderConflicts
{
    public string Name => inner.Name;

    public string Type => inner.Type;

    public IDnsProvider Inner => inner;

    public Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken) => inner.ReadAsync(key, cancellationToken);

    public Task<ApplyResult> ApplyAsync(RecordSetKey key, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            Log.WouldApply(logger, key.ToString(), inner.Name, change.ToString());
        }

        // The controller keeps the pretended result as its picture of the set, so each change is logged once.
        return Task.FromResult(ApplyResult.Success(changes));
    }

    public Task<IReadOnlyList<ConflictingRecord>> ReadConflictsAsync(RecordSetKey key, CancellationToken cancellationToken) =>
        inner is IDnsProviderConflicts conflicts ? conflicts.ReadConflictsAsync(key, cancellationToken) : Task.FromResult<IReadOnlyList<ConflictingRecord>>([]);

    public Task<(ApplyResult Result, TimeSpan Gap)> ReplaceCnameAsync(RecordSetKey key, ConflictingRecord cname, IReadOnlyList<RecordChange> adds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cname);
        ArgumentNullException.ThrowIfNull(adds);
        Log.WouldApply(logger, key.ToString(), inner.Name, $"- CNAME {cname.Value}");
        foreach (var add in adds)
        {
            Log.WouldApply(logger, key.ToString(), inner.Name, add.ToString());
        }

        return Task.FromResult((ApplyResult.Success(adds), TimeSpan.Zero));
    }

    private static partial class Log
    {
        [LoggerMessage(Diagnostics.LogEvents.Providers + 1, LogLevel.Information, "DRY RUN {Target} at {Provider}: would apply {Change}", EventName = "DryRunChange")]
        public static partial void WouldApply(ILogger logger, string target, string provider, string change);
    }
}
