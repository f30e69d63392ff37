// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Configuration;

/// <summary>One source line: where its current address comes from.</summary>
/// <remarks>Exactly one of <see cref="Addresses"/>, <see cref="Hostname"/>, <see cref="Record"/>,
/// <see cref="Interface"/> and <see cref="Url"/> is set.</remarks>
public sealed class SourceOptions
{
    public string Name { get; set; } = "";

    /// <summary>Static addresses (config key <c>Address</c>: one value or a list).</summary>
    public List<IPAddress> Addresses { get; set; } = [];

    /// <summary>A DDNS host name resolved through DNS (A or AAAA records, after the target's type).</summary>
    public string? Hostname { get; set; }

    /// <summary>A record name read through the target's provider (records of the target's type).</summary>
    public string? Record { get; set; }

    /// <summary>For a <see cref="Record"/> source: the line the record is read on (Alidns 解析线路); the default line
    /// when unset.</summary>
    public string? Line { get; set; }

    /// <summary>A local network interface whose global addresses of the target's family are the line's addresses.</summary>
    public string? Interface { get; set; }

    /// <summary>A "what is my IP" URL whose answer holds the line's address.</summary>
    public Uri? Url { get; set; }

    /// <summary>For a <see cref="Url"/> source: the JSON field holding the address (dotted path such as
    /// <c>data.ip</c>); the whole body, trimmed, when unset.</summary>
    public string? JsonPath { get; set; }

    /// <summary>For a <see cref="Url"/> source: the local address the request is sent from, so a multi-WAN host asks
    /// through the line this source stands for.</summary>
    public IPAddress? SourceAddress { get; set; }

    /// <summary>For IPv6: the interface id (lower 64 bits) joined to each discovered address's /64 prefix.</summary>
    public IPAddress? Ipv6Suffix { get; set; }

    /// <summary>Service port probed on this source; the target's <see cref="TargetOptions.Port"/> when unset.</summary>
    public int? Port { get; set; }

    public SourceKind Kind =>
        Hostname is not null ? SourceKind.Hostname
        : Record is not null ? SourceKind.Record
        : Interface is not null ? SourceKind.Interface
        : Url is not null ? SourceKind.Url
        : SourceKind.Static;
}
