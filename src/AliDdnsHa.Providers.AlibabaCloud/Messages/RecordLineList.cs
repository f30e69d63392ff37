// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary><c>RecordLines</c> in DescribeSupportLines.</summary>
internal sealed class RecordLineList
{
    public List<RecordLine> RecordLine { get; set; } = [];
}
