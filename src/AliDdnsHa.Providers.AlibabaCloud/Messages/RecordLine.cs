// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>One line in <c>RecordLines.RecordLine[]</c>: its code (<c>cn_unicom_hainan</c>) and names.</summary>
internal sealed class RecordLine
{
    public string LineCode { get; set; } = "";

    public string? LineName { get; set; }

    public string? LineDisplayName { get; set; }
}
