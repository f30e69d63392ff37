// Licensed under the MIT license.

using System.Text.Json.Serialization;

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>The answer of AddDomainRecord, UpdateDomainRecord, DeleteDomainRecord and SetDomainRecordStatus.</summary>
internal sealed class RecordIdResponse
{
    public string? RequestId { get; set; }

    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? RecordId { get; set; }

    public string? Status { get; set; }
}
