// Licensed under the MIT license.

using AliDdnsHa.Dns;

namespace AliDdnsHa.Configuration;

/// <summary>One A or AAAA record set that the controller owns and keeps equal to the healthy addresses.</summary>
public sealed class TargetOptions
{
    /// <summary>The record name (FQDN, lower case, no trailing dot).</summary>
    public string Name { get; set; } = "";

    /// <summary>The record type this target owns; an A and an AAAA target may share a name (a dual-stack name).</summary>
    /// <value>The default value is <see cref="DnsRecordType.A"/>.</value>
    public DnsRecordType RecordType { get; set; } = DnsRecordType.A;

    /// <summary>How the target is named in logs, metrics (the <c>target</c> label) and status: the record name for an
    /// A target, <c>name/AAAA</c> for an AAAA target, so the two targets of a dual-stack name never share series.</summary>
    public string Id => RecordType == DnsRecordType.A ? Name : $"{Name}/{RecordType}";

    /// <summary>The zone holding <see cref="Name"/>; optional where the provider can find it.</summary>
    public string? Zone { get; set; }

    /// <summary>The name of an entry under <c>Providers</c>.</summary>
    public string Provider { get; set; } = "";

    /// <value>The default value is 600 s.</value>
    public int Ttl { get; set; } = OptionDefaults.Ttl;

    /// <summary>Service port probed on every source that does not set its own.</summary>
    public int? Port { get; set; }

    public ProbeOptions Probe { get; set; } = new();

    /// <value>The default value is <see cref="WhenAllDownPolicy.PublishAll"/>.</value>
    public WhenAllDownPolicy WhenAllDown { get; set; } = OptionDefaults.WhenAllDown;

    /// <summary>The lines the target manages besides the default one, in code order; empty for a target that keeps only
    /// the default line (the record set every resolver falls back to).</summary>
    public List<LineOptions> Lines { get; set; } = [];

    /// <summary>What a managed line holds while none of its own sources is healthy.</summary>
    /// <value>The default value is <see cref="LineDownPolicy.Default"/>.</value>
    public LineDownPolicy WhenLineDown { get; set; } = LineDownPolicy.Default;

    /// <summary>Replace a CNAME found at the name (the old "CNAME to one line" setup) with the healthy address set once
    /// that set is known: the CNAME is deleted and the addresses added right after. Off by default: without it a CNAME
    /// at the name stops start-up with a message that says what to do.</summary>
    public bool AdoptCname { get; set; }

    /// <summary>How a Down address leaves the record set.</summary>
    /// <value>The default value is <see cref="Configuration.RemoveMode.Delete"/>.</value>
    public RemoveMode RemoveMode { get; set; } = RemoveMode.Delete;

    /// <summary>How often the record set is re-read from the provider to catch manual drift.</summary>
    /// <value>The default value is 5 min.</value>
    public TimeSpan ResyncInterval { get; set; } = OptionDefaults.ResyncInterval;

    /// <summary>How often sources are re-discovered (DNS lookups, provider reads).</summary>
    /// <value>The default value is 30 s.</value>
    public TimeSpan DiscoveryInterval { get; set; } = OptionDefaults.DiscoveryInterval;

    public List<SourceOptions> Sources { get; set; } = [];

    /// <summary>Addresses refused even when discovered (CIDR ranges); an explicit deny wins over <see cref="AllowAddresses"/>.</summary>
    public List<System.Net.IPNetwork> DenyAddresses { get; set; } = [];

    /// <summary>Addresses let through although a default range refuses them (CIDR ranges; for example 100.64.0.0/10
    /// when the service is reached inside the carrier's network).</summary>
    public List<System.Net.IPNetwork> AllowAddresses { get; set; } = [];

    /// <summary>The names of the vantages that judge this target's endpoints; empty means every configured vantage that
    /// none of the target's <see cref="Lines"/> names (a vantage inside one ISP's network judges for its line only).</summary>
    public List<string> Vantages { get; set; } = [];

    /// <summary>How many voting vantages must see an address Up; <see langword="null"/> means a majority of the
    /// voting vantages. When fewer vantages vote than this, every voting vantage must agree.</summary>
    public int? Quorum { get; set; }
}
