// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>The <c>DomainRecords</c> wrapper.</summary>
internal sealed class AlidnsRecordList
{
    public List<AlidnsRecord> Record { get; set; } = [];
}
