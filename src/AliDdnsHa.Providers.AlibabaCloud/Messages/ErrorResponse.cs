// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>The error body: <c>{RequestId, HostId, Code, Message, Recommend}</c>.</summary>
internal sealed class ErrorResponse
{
    public string? RequestId { get; set; }

    public string? HostId { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    public string? Recommend { get; set; }
}
