// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>The parts of DescribeDomainInfo we use: the edition and its TTL minimum.</summary>
internal sealed class DescribeDomainInfoResponse
{
    public string? RequestId { get; set; }

    public string? DomainName { get; set; }

    public long MinTtl { get; set; }

    public string? VersionCode { get; set; }

    public string? VersionName { get; set; }

    /// <summary>The paid instance the domain is bound to; empty on the free edition.</summary>
    public string? InstanceId { get; set; }
}
