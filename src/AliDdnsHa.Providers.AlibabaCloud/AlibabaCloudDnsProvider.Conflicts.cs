// Licensed under the MIT license.

using AliDdnsHa.Dns;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>Records that keep address records off a name on a line (the record-conflict rules: CNAME, and the
/// explicit and implicit URL records), and the replacement of a CNAME by the address set.</summary>
public sealed partial class AlibabaCloudDnsProvider
{
    private static readonly string[] s_conflicting = ["CNAME", "REDIRECT_URL", "FORWARD_URL"];

    public async Task<IReadOnlyList<ConflictingRecord>> ReadConflictsAsync(RecordSetKey key, CancellationToken cancellationToken) =>
        [.. (await ReadNameAsync(key, type: null, cancellationToken))
            .Where(r => s_conflicting.Contains(r.Type, StringComparer.OrdinalIgnoreCase) && !string.Equals(r.Status, "DISABLE", StringComparison.OrdinalIgnoreCase))
            .Select(r => new ConflictingRecord(r.RecordId, r.Type.ToUpperInvariant(), r.Value, r.Locked))];

    /// <summary>DeleteDomainRecord for the CNAME, then AddDomainRecord for each address at once: Alidns has no way to
    /// do both in one call, so the gap is the round trip between the delete's answer and the first add's.</summary>
    public async Task<(ApplyResult Result, TimeSpan Gap)> ReplaceCnameAsync(RecordSetKey key, ConflictingRecord cname, IReadOnlyList<RecordChange> adds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cname);
        ArgumentNullException.ThrowIfNull(adds);
        try
        {
            await CallAsync("DeleteDomainRecord", new() { ["RecordId"] = cname.Id }, cancellationToken);
        }
        catch (DnsProviderException ex)
        {
            return (new ApplyResult([], ex), TimeSpan.Zero);
        }

        var deleted = client.Time.GetTimestamp();
        var gap = TimeSpan.Zero;
        var applied = new List<RecordChange>();
        try
        {
            var zone = await ZoneAsync(key, cancellationToken);
            var rr = RelativeName(key.Name, zone);
            foreach (var add in adds)
            {
                await ApplyOneAsync(zone, rr, key, add, cancellationToken);
                if (applied.Count == 0)
                {
                    gap = client.Time.GetElapsedTime(deleted);
                }

                applied.Add(add);
            }

            return (ApplyResult.Success(applied), gap);
        }
        catch (DnsProviderException ex)
        {
            return (new ApplyResult(applied, ex), gap);
        }
    }
}
