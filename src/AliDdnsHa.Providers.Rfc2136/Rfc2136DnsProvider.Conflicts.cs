// Licensed under the MIT license.

using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>A CNAME at the name (DNS allows nothing beside it), and its replacement by the address set in one UPDATE:
/// delete the CNAME RRset and add the address records, guarded by the CNAME as read, so no resolver ever sees the name
/// without an answer.</summary>
public sealed partial class Rfc2136DnsProvider
{
    public async Task<IReadOnlyList<ConflictingRecord>> ReadConflictsAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        var owner = Owner(key);
        var answer = await Client(key.Line).QueryAsync(owner, RecordType.CName, cancellationToken);
        return [.. answer.AnswerRecords.OfType<CNameRecord>().Where(r => r.Name.Equals(owner))
            .Select(r => new ConflictingRecord(Rfc2136Errors.Plain(r.CanonicalName), "CNAME", Rfc2136Errors.Plain(r.CanonicalName)))];
    }

    public async Task<(ApplyResult Result, TimeSpan Gap)> ReplaceCnameAsync(RecordSetKey key, ConflictingRecord cname, IReadOnlyList<RecordChange> adds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cname);
        ArgumentNullException.ThrowIfNull(adds);
        try
        {
            var owner = Owner(key);
            var zone = Zone(key);
            await UpdateAsync(
                () =>
                {
                    var message = new DnsUpdateMessage { ZoneName = zone };
                    message.Prequisites.Add(new RecordExistsValueDependantPrequisite(new CNameRecord(owner, 0, ARSoft.Tools.Net.DomainName.Parse(cname.Value))));
                    message.Updates.Add(new DeleteAllRecordsUpdate(owner, RecordType.CName));
                    foreach (var add in adds)
                    {
                        message.Updates.Add(new AddRecordUpdate(Record(owner, add.Ttl, add.Address)));
                    }

                    return message;
                },
                key,
                cancellationToken);
            await VerifyAsync(key, [], adds, cancellationToken);
            return (ApplyResult.Success(adds), TimeSpan.Zero); // one UPDATE: the server swaps them atomically
        }
        catch (DnsProviderException ex)
        {
            return (new ApplyResult([], ex), TimeSpan.Zero);
        }
    }
}
