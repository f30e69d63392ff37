// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Core.Tests.Configuration;

public sealed class AliDdnsHaOptionsReaderTests
{
    private static readonly Dictionary<string, string?> s_valid = new()
    {
        ["DryRun"] = "false",
        ["Resolver:Servers:0"] = "223.5.5.5",
        ["Resolver:Servers:1"] = "127.0.0.1:5353",
        ["Providers:local:Type"] = "Test",
        ["Providers:local:Path"] = "./data/hosts",
        ["Targets:0:Name"] = "Home.Example.com.",
        ["Targets:0:Zone"] = "example.com",
        ["Targets:0:Provider"] = "local",
        ["Targets:0:Ttl"] = "600",
        ["Targets:0:Port"] = "443",
        ["Targets:0:Probe:Interval"] = "5s",
        ["Targets:0:Probe:FastInterval"] = "1s",
        ["Targets:0:Probe:Timeout"] = "00:00:02",
        ["Targets:0:Probe:FailureThreshold"] = "3",
        ["Targets:0:Probe:SuccessThreshold"] = "2",
        ["Targets:0:WhenAllDown"] = "keeplast",
        ["Targets:0:ResyncInterval"] = "5m",
        ["Targets:0:Sources:0:Name"] = "wan1",
        ["Targets:0:Sources:0:Hostname"] = "dns1.example.com",
        ["Targets:0:Sources:1:Name"] = "wan2",
        ["Targets:0:Sources:1:Record"] = "dns2.example.com",
        ["Targets:0:Sources:2:Name"] = "wan3",
        ["Targets:0:Sources:2:Address"] = "203.0.113.7",
        ["Targets:0:Sources:2:Port"] = "8443",
    };

    [Fact]
    public void Read_ValidConfiguration_BindsEveryValue()
    {
        var result = Read(s_valid);

        Assert.Empty(result.Errors);
        var options = result.Options;
        Assert.Equal([new IPEndPoint(IPAddress.Parse("223.5.5.5"), 53), new IPEndPoint(IPAddress.Loopback, 5353)], options.Resolver.Servers);
        var provider = Assert.Single(options.Providers);
        Assert.Equal(("local", "Test"), (provider.Name, provider.Type));
        var target = Assert.Single(options.Targets);
        Assert.Equal("home.example.com", target.Name);
        Assert.Equal("example.com", target.Zone);
        Assert.Equal(443, target.Port);
        Assert.Equal(TimeSpan.FromSeconds(5), target.Probe.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), target.Probe.Timeout);
        Assert.Equal(WhenAllDownPolicy.KeepLast, target.WhenAllDown);
        Assert.Equal(TimeSpan.FromMinutes(5), target.ResyncInterval);
        Assert.Equal(OptionDefaults.DiscoveryInterval, target.DiscoveryInterval);
        Assert.Equal([SourceKind.Hostname, SourceKind.Record, SourceKind.Static], target.Sources.Select(s => s.Kind));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), Assert.Single(target.Sources[2].Addresses));
        Assert.Equal(8443, target.Sources[2].Port);
    }

    [Fact]
    public void Read_MinimalTarget_UsesDefaults()
    {
        var result = Read(new()
        {
            ["Providers:p:Type"] = "test",
            ["Providers:p:Path"] = "hosts",
            ["targets:0:name"] = "a.example.com",
            ["targets:0:provider"] = "p",
            ["targets:0:port"] = "80",
            ["targets:0:sources:0:name"] = "s",
            ["targets:0:sources:0:address"] = "192.0.2.1",
        });

        Assert.Empty(result.Errors);
        var target = result.Options.Targets[0];
        Assert.Equal(OptionDefaults.Ttl, target.Ttl);
        Assert.Equal(OptionDefaults.Interval, target.Probe.Interval);
        Assert.Equal(OptionDefaults.FastInterval, target.Probe.FastInterval);
        Assert.Equal(OptionDefaults.Timeout, target.Probe.Timeout);
        Assert.Equal(3, target.Probe.FailureThreshold);
        Assert.Equal(2, target.Probe.SuccessThreshold);
        Assert.Equal(WhenAllDownPolicy.PublishAll, target.WhenAllDown);
        Assert.Null(target.Zone);
    }

    [Fact]
    public void Read_AddressRanges_TakeCidrsAndBareAddresses()
    {
        var result = Read(With(new()
        {
            ["Targets:0:AllowAddresses"] = "100.64.0.0/10",
            ["Targets:0:DenyAddresses:0"] = "203.0.113.0/24",
            ["Targets:0:DenyAddresses:1"] = "198.51.100.9",
        }));

        Assert.Empty(result.Errors);
        Assert.Equal(["100.64.0.0/10"], result.Options.Targets[0].AllowAddresses.Select(n => n.ToString()));
        Assert.Equal(["203.0.113.0/24", "198.51.100.9/32"], result.Options.Targets[0].DenyAddresses.Select(n => n.ToString()));
    }

    [Fact]
    public void Read_DualStackName_OneATargetAndOneAaaaTarget_IsValid()
    {
        var result = Read(With(new()
        {
            ["Targets:1:Name"] = "home.example.com",
            ["Targets:1:RecordType"] = "aaaa",
            ["Targets:1:Provider"] = "local",
            ["Targets:1:Port"] = "443",
            ["Targets:1:Sources:0:Name"] = "wan1",
            ["Targets:1:Sources:0:Interface"] = "pppoe-wan1",
            ["Targets:1:Sources:0:Ipv6Suffix"] = "::1234:5678",
            ["Targets:1:Sources:1:Name"] = "wan2",
            ["Targets:1:Sources:1:Url"] = "https://6.ipw.cn/api?token=x",
            ["Targets:1:Sources:1:JsonPath"] = "data.ip",
            ["Targets:1:Sources:1:SourceAddress"] = "2001:db8::2",
            ["Targets:1:Sources:2:Name"] = "wan3",
            ["Targets:1:Sources:2:Address"] = "2001:db8::7",
        }));

        Assert.Empty(result.Errors);
        var (a, aaaa) = (result.Options.Targets[0], result.Options.Targets[1]);
        Assert.Equal(("home.example.com", DnsRecordType.A), (a.Id, a.RecordType));
        Assert.Equal(("home.example.com/AAAA", DnsRecordType.AAAA), (aaaa.Id, aaaa.RecordType));
        Assert.Equal([SourceKind.Interface, SourceKind.Url, SourceKind.Static], aaaa.Sources.Select(s => s.Kind));
        Assert.Equal(IPAddress.Parse("::1234:5678"), aaaa.Sources[0].Ipv6Suffix);
        Assert.Equal(("data.ip", IPAddress.Parse("2001:db8::2")), (aaaa.Sources[1].JsonPath, aaaa.Sources[1].SourceAddress));
    }

    [Theory]
    [InlineData("A", "A", "Targets[1].Name: 'home.example.com' is already the name of A target Targets[0] (a dual-stack name is one A and one AAAA target)")]
    [InlineData("AAAA", "AAAA", "Targets[1].Name: 'home.example.com' is already the name of AAAA target Targets[0] (a dual-stack name is one A and one AAAA target)")]
    public void Read_SameNameAndType_IsReportedOnce(string first, string second, string expected)
    {
        var result = Read(With(new()
        {
            ["Targets:0:RecordType"] = first,
            ["Targets:0:Sources:2:Address"] = first == "A" ? "203.0.113.7" : "2001:db8::7",
            ["Targets:1:Name"] = "home.example.com",
            ["Targets:1:RecordType"] = second,
            ["Targets:1:Provider"] = "local",
            ["Targets:1:Port"] = "443",
            ["Targets:1:Sources:0:Name"] = "wan1",
            ["Targets:1:Sources:0:Hostname"] = "dns1.example.com",
        }));

        Assert.Equal([expected], result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("::1:2:3:4", null)]
    [InlineData("2001:db8::1", "Targets[0].Sources[2].Ipv6Suffix: '2001:db8::1' is not an IPv6 interface id: write the lower 64 bits only, such as ::1234:5678 or ::a:b:c:d")]
    [InlineData("192.0.2.1", "Targets[0].Sources[2].Ipv6Suffix: '192.0.2.1' is not an IPv6 interface id: write the lower 64 bits only, such as ::1234:5678 or ::a:b:c:d")]
    public void Read_Ipv6Suffix_MustBeAnInterfaceId(string suffix, string? expected)
    {
        var result = Read(With(new()
        {
            ["Targets:0:RecordType"] = "AAAA",
            ["Targets:0:Sources:2:Address"] = "2001:db8::7",
            ["Targets:0:Sources:2:Ipv6Suffix"] = suffix,
        }));

        Assert.Equal(expected is null ? [] : [expected], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_UrlSourceAddressOfTheOtherFamily_IsAnError()
    {
        var result = Read(With(new()
        {
            ["Targets:0:Sources:2:Address"] = null,
            ["Targets:0:Sources:2:Url"] = "https://4.ipw.cn",
            ["Targets:0:Sources:2:SourceAddress"] = "2001:db8::2",
        }));

        Assert.Equal(
            ["Targets[0].Sources[2].SourceAddress: '2001:db8::2' is not an IPv4 address: the request for an A target goes out over IPv4"],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData(null, 3, true)]
    [InlineData(null, 1000, true)]
    [InlineData(null, 1001, false)]
    [InlineData("On", 5000, true)]
    [InlineData("off", 3, false)]
    public void EndpointHistograms_AutoKeepsThemPerEndpointUpToTheLimit(string? mode, int sources, bool expected)
    {
        var values = With(new() { ["Metrics:EndpointHistograms"] = mode });
        for (var i = 3; i < sources; i++)
        {
            values[$"Targets:0:Sources:{i}:Name"] = $"s{i}";
            values[$"Targets:0:Sources:{i}:Address"] = $"198.51.{100 + (i / 250)}.{(i % 250) + 1}";
        }

        var result = Read(values);

        Assert.Empty(result.Errors);
        Assert.Equal(sources, result.Options.ConfiguredEndpointCount);
        Assert.Equal(expected, result.Options.EndpointHistogramsEnabled);
    }

    [Fact]
    public void Read_AddressList_GivesSeveralAddresses()
    {
        var result = Read(With(new()
        {
            ["Targets:0:Sources:2:Address"] = null,
            ["Targets:0:Sources:2:Address:0"] = "192.0.2.1",
            ["Targets:0:Sources:2:Address:1"] = "192.0.2.2",
        }));

        Assert.Empty(result.Errors);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], result.Options.Targets[0].Sources[2].Addresses.Select(a => a.ToString()));
    }

    /// <summary>Each case breaks one rule; the error names the path and quotes the bad value.</summary>
    public static TheoryData<string, string?, string> SingleErrors => new()
    {
        { "Targets:0:Sources:2:Address", "1.2.3", "Targets[0].Sources[2].Address: '1.2.3' is not an IPv4 or IPv6 address" },
        { "Targets:0:Sources:2:Address", "2001:db8::1", "Targets[0].Sources[2].Address: '2001:db8::1' is not an IPv4 address, and Targets of RecordType A publish only those (set the target's RecordType: AAAA for IPv6 addresses)" },
        { "Metrics:EndpointHistograms", "Sometimes", "Metrics.EndpointHistograms: 'Sometimes' is not one of Auto | On | Off" },
        { "Metrics:Histograms", "On", "Metrics.Histograms: unknown setting (known here: EndpointHistograms)" },
        { "Targets:0:RecordType", "MX", "Targets[0].RecordType: 'MX' is not one of A | AAAA" },
        { "Targets:0:RecordType", "AAAA", "Targets[0].Sources[2].Address: '203.0.113.7' is not an IPv6 address, and Targets of RecordType AAAA publish only those (an AAAA target publishes IPv6 addresses only)" },
        { "Targets:0:Sources:2:Ipv6Suffix", "::1234:5678", "Targets[0].Sources[2].Ipv6Suffix: applies only to a target of RecordType AAAA" },
        { "Targets:0:Sources:2:Ipv6Suffix", "suffix", "Targets[0].Sources[2].Ipv6Suffix: 'suffix' is not an IP address" },
        { "Targets:0:Sources:2:JsonPath", "ip", "Targets[0].Sources[2].JsonPath: applies only to a Url source" },
        { "Targets:0:Sources:2:SourceAddress", "192.0.2.1", "Targets[0].Sources[2].SourceAddress: applies only to a Url source" },
        { "Targets:0:Sources:0:Hostname", null, "Targets[0].Sources[0]: set exactly one of Address, Hostname, Record, Interface or Url (found 0)" },
        { "Targets:0:Sources:0:Interface", "pppoe-wan1", "Targets[0].Sources[0]: set exactly one of Address, Hostname, Record, Interface or Url (found 2)" },
        { "Targets:0:Sources:0:Url", "https://4.ipw.cn", "Targets[0].Sources[0]: set exactly one of Address, Hostname, Record, Interface or Url (found 2)" },
        { "Targets:0:Sources:1:Url", "ftp://ip.example.net", "Targets[0].Sources[1].Url: 'ftp://ip.example.net' is not an http:// or https:// URL" },
        { "Targets:0:Probe:Interval", "5 seconds", "Targets[0].Probe.Interval: '5 seconds' is not a duration (examples: 500ms, 5s, 1m, 00:00:05)" },
        { "Targets:0:Probe:Timeout", "5s", "Targets[0].Probe.Timeout: '5s' must be shorter than Interval '5s'" },
        { "Targets:0:Probe:FastInterval", "10s", "Targets[0].Probe.FastInterval: '10s' must not be longer than Interval '5s'" },
        { "Targets:0:Probe:FailureThreshold", "0", "Targets[0].Probe.FailureThreshold: '0' must be at least 1" },
        { "Targets:0:Probe:SuccessThreshold", "-1", "Targets[0].Probe.SuccessThreshold: '-1' must be at least 1" },
        { "Targets:0:Probe:SuccessThreshold", "two", "Targets[0].Probe.SuccessThreshold: 'two' is not a whole number" },
        { "Targets:0:Probe:Interval", "50ms", "Targets[0].Probe.Interval: '50ms' must be at least 100ms" },
        { "Targets:0:Provider", "cloud", "Targets[0].Provider: 'cloud' is not a configured provider (configured: local)" },
        { "Targets:0:Ttl", "0", "Targets[0].Ttl: '0' must be between 1 and 86400 seconds" },
        { "Targets:0:Port", "70000", "Targets[0].Port: '70000' is not a TCP port (1-65535)" },
        { "Targets:0:WhenAllDown", "Panic", "Targets[0].WhenAllDown: 'Panic' is not one of PublishAll | KeepLast | Empty" },
        { "Targets:0:WhenAllDown", "1", "Targets[0].WhenAllDown: '1' is not one of PublishAll | KeepLast | Empty" },
        { "Targets:0:Zone", "example.org", "Targets[0].Zone: 'home.example.com' is not inside zone 'example.org'" },
        { "Targets:0:Name", "bad name.example.com", "Targets[0].Name: 'bad name.example.com' is not a valid DNS name" },
        { "Targets:0:Sources:1:Name", "wan1", "Targets[0].Sources[1].Name: 'wan1' is already the name of Targets[0].Sources[0]" },
        { "Targets:0:Sources:0:Address", "192.0.2.1", "Targets[0].Sources[0]: set exactly one of Address, Hostname, Record, Interface or Url (found 2)" },
        { "Targets:0:Probe:Intervall", "5s", "Targets[0].Probe.Intervall: unknown setting (known here: Interval, FastInterval, Timeout, FailureThreshold, SuccessThreshold)" },
        { "Targets:0:ResyncInterval", "0s", "Targets[0].ResyncInterval: '0s' must be greater than zero" },
        { "DryRun", "maybe", "DryRun: 'maybe' is not true or false" },
        { "Resolver:Servers:1", "resolver.local", "Resolver.Servers[1]: 'resolver.local' is not an IP address or IP:port" },
        { "Providers:local:Type", "Route53", "Providers.local.Type: 'Route53' is not a known provider type (one of: Test)" },
        { "Providers:local:Path", null, "Providers.local.Path: is required" },
        { "Targets", "home", "Targets: must be a list, not 'home'" },
        { "Targets:0:DenyAddresses", "10.0.0.0/33", "Targets[0].DenyAddresses: '10.0.0.0/33' is not an address range (examples: 100.64.0.0/10, 192.0.2.7)" },
        { "Targets:0:AllowAddresses:0", "cgnat", "Targets[0].AllowAddresses[0]: 'cgnat' is not an address range (examples: 100.64.0.0/10, 192.0.2.7)" },
    };

    [Theory]
    [MemberData(nameof(SingleErrors))]
    public void Read_OneBrokenRule_ReportsItWithPathAndValue(string key, string? value, string expected)
    {
        var result = Read(With(new() { [key] = value }));

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_ManyProblems_ReportsEveryOne()
    {
        var result = Read(new()
        {
            ["Providers:a:Type"] = "Test",
            ["Providers:a:Path"] = "x",
            ["Targets:0:Name"] = "home.example.com",
            ["Targets:0:Provider"] = "missing",
            ["Targets:0:Port"] = "443",
            ["Targets:0:Probe:Timeout"] = "9s",
            ["Targets:0:Probe:FailureThreshold"] = "0",
            ["Targets:0:Sources:0:Name"] = "wan1",
            ["Targets:0:Sources:0:Address"] = "1.2.3",
            ["Targets:0:Sources:1:Name"] = "wan1",
            ["Targets:0:Sources:1:Hostname"] = "dns1.example.com",
            ["Targets:1:Name"] = "home.example.com",
            ["Targets:1:Provider"] = "a",
        });

        Assert.Equal(
            [
                "Targets[0].Sources[0].Address: '1.2.3' is not an IPv4 or IPv6 address",
                "Targets[0].Provider: 'missing' is not a configured provider (configured: a)",
                "Targets[0].Probe.Timeout: '9s' must be shorter than Interval '5s'",
                "Targets[0].Probe.FailureThreshold: '0' must be at least 1",
                "Targets[0].Sources[1].Name: 'wan1' is already the name of Targets[0].Sources[0]",
                "Targets[1].Name: 'home.example.com' is already the name of A target Targets[0] (a dual-stack name is one A and one AAAA target)",
                "Targets[1].Sources: at least one source is required",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_Empty_ReportsNoTargets()
    {
        var result = Read([]);

        Assert.Equal(["Targets: at least one target is required"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_SourceWithoutPort_ReportsWhereToSetIt()
    {
        var result = Read(With(new() { ["Targets:0:Port"] = null }));

        Assert.Contains("Targets[0].Sources[0].Port: no port: set Targets[0].Port or this source's Port", result.Errors.Select(e => e.ToString()));
        Assert.DoesNotContain(result.Errors, e => e.Path.StartsWith("Targets[0].Sources[2]", StringComparison.Ordinal)); // has its own
    }

    [Fact]
    public void Read_SourceWithNothing_ReportsFoundZero()
    {
        var result = Read(With(new() { ["Targets:0:Sources:2:Address"] = null }));

        Assert.Contains("Targets[0].Sources[2]: set exactly one of Address, Hostname, Record, Interface or Url (found 0)", result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_LaterSourceOverridesEarlier_LikeEnvironmentVariables()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(s_valid)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Targets:0:Ttl"] = "120", ["Targets:0:Probe:Interval"] = "10s" })
            .Build();

        var result = new AliDdnsHaOptionsReader([new TestProviderFactory()]).Read(configuration);

        Assert.Empty(result.Errors);
        Assert.Equal(120, result.Options.Targets[0].Ttl);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Options.Targets[0].Probe.Interval);
    }

    [Fact]
    public void Validate_AsOptionsValidator_FailsWithEveryMessage()
    {
        var options = Read(s_valid).Options;
        options.Targets[0].Probe.SuccessThreshold = 0;
        options.Targets[0].Ttl = -1;

        var result = new AliDdnsHaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void Read_WebLimits_HaveDefaults_AreBound_AndOutOfRangeOnesAreEachReported()
    {
        var defaults = Read(s_valid).Options.Web;
        Assert.Equal((256, 32, 10), (defaults.MaxConnections, defaults.MaxConnectionsPerClient, defaults.MaxAuthFailures));

        var set = Read(With(new() { ["Web:MaxConnections"] = "64", ["Web:MaxConnectionsPerClient"] = "8", ["Web:MaxAuthFailures"] = "3" }));
        Assert.Empty(set.Errors);
        Assert.Equal((64, 8, 3), (set.Options.Web.MaxConnections, set.Options.Web.MaxConnectionsPerClient, set.Options.Web.MaxAuthFailures));

        var wrong = Read(With(new() { ["Web:MaxConnections"] = "0", ["Web:MaxConnectionsPerClient"] = "300", ["Web:MaxAuthFailures"] = "lots" }));
        Assert.Equal(["Web.MaxAuthFailures", "Web.MaxConnections", "Web.MaxConnectionsPerClient"], wrong.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    internal static ConfigurationLoadResult Read(Dictionary<string, string?> values) =>
        new AliDdnsHaOptionsReader([new TestProviderFactory()]).Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    private static Dictionary<string, string?> With(Dictionary<string, string?> changes)
    {
        var values = new Dictionary<string, string?>(s_valid, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        return values;
    }

    private sealed class TestProviderFactory : IDnsProviderFactory
    {
        public string Type => "Test";

        public bool SupportsDisable => true;

        public string? RefuseLine(IConfigurationSection section, string line) => section["NoLines"] is { Length: > 0 } reason ? reason : null;

        public IReadOnlyList<ConfigurationError> Validate(string path, IConfigurationSection section) =>
            string.IsNullOrEmpty(section["Path"]) ? [new ConfigurationError($"{path}.Path", "is required")] : [];

        public IDnsProvider Create(string name, IConfigurationSection section, IServiceProvider services) => throw new NotSupportedException();
    }
}
