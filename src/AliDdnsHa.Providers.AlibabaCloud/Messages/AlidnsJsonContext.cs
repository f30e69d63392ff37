// Licensed under the MIT license.

using System.Text.Json.Serialization;

namespace AliDdnsHa.Providers.AlibabaCloud.Messages;

/// <summary>Source-generated JSON for the Alidns answers: lenient about numbers in strings, unknown fields ignored.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DescribeSubDomainRecordsResponse))]
[JsonSerializable(typeof(RecordIdResponse))]
[JsonSerializable(typeof(DescribeDomainInfoResponse))]
[JsonSerializable(typeof(GetMainDomainNameResponse))]
[JsonSerializable(typeof(DescribeDnsProductInstanceResponse))]
[JsonSerializable(typeof(DescribeSupportLinesResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class AlidnsJsonContext : JsonSerializerContext;
