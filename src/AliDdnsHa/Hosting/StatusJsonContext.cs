// Licensed under the MIT license.

using System.Text.Json.Serialization;
using AliDdnsHa.Controller;

namespace AliDdnsHa.Hosting;

/// <summary>Source-generated JSON for <c>/api/status</c> and <c>/api/events</c> (trim-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ControllerStatus))]
[JsonSerializable(typeof(StatusPage.EventsResponse))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
