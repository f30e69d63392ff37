// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>The answer of DescribeSubDomainRecords.</summary>
internal sealed class DescribeSubDomainRecordsResponse
{
    public string? RequestId { get; set; }

    public long TotalCount { get; set; }

    public long PageNumber { get; set; }

    public long PageSize { get; set; }

    public AlidnsRecordList? DomainRecords { get; set; }
}
