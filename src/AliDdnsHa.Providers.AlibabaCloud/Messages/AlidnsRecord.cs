// Licensed under the MIT license.

using System.Text.Json.Serialization;

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>One record in <c>DomainRecords.Record[]</c>. Ids stay strings (they exceed 2^53).</summary>
internal sealed class AlidnsRecord
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string RecordId { get; set; } = "";

    public string RR { get; set; } = "";

    public string Type { get; set; } = "";

    public string Value { get; set; } = "";

    public long TTL { get; set; }

    /// <summary><c>ENABLE</c>/<c>DISABLE</c> in real answers, <c>Enable</c> in the docs: compare ignoring case.</summary>
    public string? Status { get; set; }

    public string? Line { get; set; }

    public int? Weight { get; set; }

    public bool Locked { get; set; }

    public string? DomainName { get; set; }
}
