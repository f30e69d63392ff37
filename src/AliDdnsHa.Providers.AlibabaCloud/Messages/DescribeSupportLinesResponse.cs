// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>DescribeSupportLines: the lines (解析线路) the domain's edition offers.</summary>
internal sealed class DescribeSupportLinesResponse
{
    public string? RequestId { get; set; }

    public RecordLineList? RecordLines { get; set; }
}
