// Licensed under the MIT license.

using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Dns;

/// <summary>Reads through to the real provider and only logs the writes it would make.</summary>
public sealed partial class DryRunDnsProvider(IDnsProvider inner, ILogger<DryRunDnsProvider> logger) : IDnsProvider
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

    private static partial class Log
    {
        [LoggerMessage(Diagnostics.LogEvents.Providers + 1, LogLevel.Information, "DRY RUN {Target} at {Provider}: would apply {Change}", EventName = "DryRunChange")]
        public static partial void WouldApply(ILogger logger, string target, string provider, string change);
    }
}
