// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>The answer of GetMainDomainName: the zone and the RR of a name.</summary>
internal sealed class GetMainDomainNameResponse
{
    public string? RequestId { get; set; }

    public string? DomainName { get; set; }

    public string? RR { get; set; }
}
