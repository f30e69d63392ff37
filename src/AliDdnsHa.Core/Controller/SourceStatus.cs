// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>One source and its endpoints.</summary>
public sealed record SourceStatus(
    string Name,
    string Kind,
    string Origin,
    IReadOnlyList<string> Addresses,
    string? LastError,
    DateTimeOffset? LastDiscoveryAt,
    IReadOnlyList<EndpointStatus> Endpoints,
    IReadOnlyList<RejectedAddressStatus> Rejected);
