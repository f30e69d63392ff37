// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Configuration;

/// <summary>One source line: where its current address comes from.</summary>
/// <remarks>Exactly one of <see cref="Addresses"/>, <see cref="Hostname"/> and <see cref="Record"/> is set.</remarks>
public sealed class SourceOptions
{
    public string Name { get; set; } = "";

    /// <summary>Static addresses (config key <c>Address</c>: one value or a list).</summary>
    public List<IPAddress> Addresses { get; set; } = [];

    /// <summary>A DDNS host name resolved through DNS (A records).</summary>
    public string? Hostname { get; set; }

    /// <summary>A record name read through the target's provider.</summary>
    public string? Record { get; set; }

    /// <summary>Service port probed on this source; the target's <see cref="TargetOptions.Port"/> when unset.</summary>
    public int? Port { get; set; }

    public SourceKind Kind => Hostname is not null ? SourceKind.Hostname : Record is not null ? SourceKind.Record : SourceKind.Static;
}
