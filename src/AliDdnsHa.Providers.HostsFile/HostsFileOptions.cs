// Licensed under the MIT license.

namespace AliDdnsHa.Providers.HostsFile;

/// <summary>Settings of a <c>Type: HostsFile</c> provider.</summary>
public sealed class HostsFileOptions
{
    /// <summary>The hosts-format file to keep (read by dnsmasq <c>addn-hosts</c>, CoreDNS <c>hosts</c>, /etc/hosts).</summary>
    public string Path { get; set; } = "";
}
