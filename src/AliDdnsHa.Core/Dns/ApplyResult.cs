// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>What a provider did with a list of changes: those it confirmed, and the error that stopped it, if any.</summary>
/// <remarks>A provider applies changes in order and stops at the first failure, so a failed add never lets a delete through.</remarks>
public sealed record ApplyResult(IReadOnlyList<RecordChange> Applied, DnsProviderException? Error = null)
{
    public static ApplyResult Success(IReadOnlyList<RecordChange> applied) => new(applied);
}
