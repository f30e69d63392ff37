// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>The parts of DescribeDnsProductInstance we use: a paid edition's name and TTL minimum.</summary>
internal sealed class DescribeDnsProductInstanceResponse
{
    public string? RequestId { get; set; }

    public string? VersionName { get; set; }

    public string? VersionCode { get; set; }

    public long TTLMinValue { get; set; }
}
