// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Core.Tests.Configuration;

public sealed class VantageOptionsReaderTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["Providers:local:Type"] = "Test",
        ["Providers:local:Path"] = "./data/hosts",
        ["Vantages:home:Type"] = "Local",
        ["Vantages:home:Canaries:0"] = "223.5.5.5:53",
        ["Vantages:home:Canaries:1"] = "119.29.29.29:53",
        ["Vantages:hk-vps:Type"] = "blackbox",
        ["Vantages:hk-vps:Url"] = "https://vps.example.net:9115",
        ["Vantages:hk-vps:Username"] = "aliddnsha",
        ["Vantages:hk-vps:Password"] = "s3cret-vantage",
        ["Vantages:hk-vps:Canaries"] = "223.5.5.5:53",
        ["Vantages:office:Type"] = "Prometheus",
        ["Vantages:office:Url"] = "http://prometheus:9090",
        ["Vantages:office:Query"] = "probe_success{job=\"blackbox-office\", instance=\"{address}:{port}\"}",
        ["Vantages:office:MaxAge"] = "90s",
        ["Vantages:office:Canaries:0"] = "up{job=\"blackbox-office\"}",
        ["Targets:0:Name"] = "home.example.com",
        ["Targets:0:Provider"] = "local",
        ["Targets:0:Port"] = "443",
        ["Targets:0:Vantages:0"] = "home",
        ["Targets:0:Vantages:1"] = "hk-vps",
        ["Targets:0:Quorum"] = "1",
        ["Targets:0:Sources:0:Name"] = "wan1",
        ["Targets:0:Sources:0:Address"] = "192.0.2.1",
        ["Targets:1:Name"] = "nas.example.com",
        ["Targets:1:Provider"] = "local",
        ["Targets:1:Port"] = "5001",
        ["Targets:1:Sources:0:Name"] = "wan1",
        ["Targets:1:Sources:0:Address"] = "192.0.2.1",
    };

    [Fact]
    public void Read_TheIssuesExample_GivesThreeVantages()
    {
        var result = AliDdnsHaOptionsReaderTests.Read(Valid());

        Assert.Empty(result.Errors);
        var options = result.Options;
        var (home, vps, office) = (Vantage(options, "home"), Vantage(options, "hk-vps"), Vantage(options, "office"));
        Assert.Equal([VantageType.Local, VantageType.Blackbox, VantageType.Prometheus], new[] { home.Type, vps.Type, office.Type });
        Assert.Equal(["223.5.5.5:53", "119.29.29.29:53"], home.Canaries);
        Assert.Equal(["223.5.5.5:53"], vps.Canaries);
        Assert.Equal("tcp_connect", vps.Module);
        Assert.Equal(TimeSpan.FromSeconds(90), office.MaxAge);
        Assert.Equal(["home", "hk-vps"], options.VantagesOf(options.Targets[0]));
        Assert.Equal(3, options.VantagesOf(options.Targets[1]).Count); // default: all
        Assert.Equal(1, options.Targets[0].Quorum);
        Assert.Equal("s3cret-vantage", vps.Password);
        Assert.DoesNotContain("s3cret", vps.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoVantagesSection_IsOneImplicitLocalVantage()
    {
        var values = Valid();
        foreach (var key in values.Keys.Where(k => k.StartsWith("Vantages", StringComparison.Ordinal) || k.Contains(":Vantages:", StringComparison.Ordinal) || k.EndsWith("Quorum", StringComparison.Ordinal)).ToList())
        {
            values.Remove(key);
        }

        var options = AliDdnsHaOptionsReaderTests.Read(values).Options;

        var implicitLocal = Assert.Single(options.EffectiveVantages);
        Assert.Equal(("local", VantageType.Local, true), (implicitLocal.Name, implicitLocal.Type, implicitLocal.IsImplicit));
        Assert.Equal(["local"], options.VantagesOf(options.Targets[0]));
    }

    [Fact]
    public void Read_PasswordFile_IsReadAndNeverEchoed()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-a-file\n");
            var values = Valid();
            values.Remove("Vantages:hk-vps:Password");
            values["Vantages:hk-vps:PasswordFile"] = file;

            var result = AliDdnsHaOptionsReaderTests.Read(values);

            Assert.Empty(result.Errors);
            Assert.Equal("from-a-file", Vantage(result.Options, "hk-vps").Password);
            Assert.Equal(file, Vantage(result.Options, "hk-vps").PasswordSource);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static VantageOptions Vantage(AliDdnsHaOptions options, string name) => options.Vantages.Single(v => v.Name == name);

    public static TheoryData<string, string?, string> SingleErrors => new()
    {
        { "Vantages:hk-vps:Type", "Agent", "Vantages.hk-vps.Type: 'Agent' is not one of Local | Blackbox | Prometheus" },
        { "Vantages:hk-vps:Url", null, "Vantages.hk-vps.Url: is required for a Blackbox vantage" },
        { "Vantages:hk-vps:Url", "https://user:pw@vps:9115", "Vantages.hk-vps.Url: is not an http:// or https:// URL without user info (put credentials in Username and Password or PasswordFile)" },
        { "Vantages:hk-vps:Canaries", "223.5.5.5", "Vantages.hk-vps.Canaries[0]: '223.5.5.5' is not IP:port" },
        { "Vantages:hk-vps:Password", null, "Vantages.hk-vps.Password: basic auth needs both Username and Password (or PasswordFile)" },
        { "Vantages:hk-vps:PasswordFile", "/nonexistent/secret", "Vantages.hk-vps.Password: set Password or PasswordFile, not both" },
        { "Vantages:hk-vps:CaFile", "/nonexistent/ca.pem", "Vantages.hk-vps.CaFile: '/nonexistent/ca.pem' does not exist" },
        { "Vantages:hk-vps:SourceAddress", "192.0.2.10", "Vantages.hk-vps.SourceAddress: applies to Local vantages only (for a Blackbox vantage set source_ip_address in the exporter's module)" },
        { "Vantages:home:SourceAddress", "wan1", "Vantages.home.SourceAddress: 'wan1' is not an IP address" },
        { "Vantages:home:Url", "http://x:1", "Vantages.home.Url: applies to Blackbox and Prometheus vantages only" },
        { "Vantages:home:Canary", "1.1.1.1:53", "Vantages.home.Canary: unknown setting (known here: Type, Canaries, SourceAddress, Url, Module, Username, Password, PasswordFile, CaFile, Query, MaxAge)" },
        { "Vantages:office:Query", null, "Vantages.office.Query: is required for a Prometheus vantage (for example 'probe_success{instance=\"{address}:{port}\"}')" },
        { "Vantages:office:MaxAge", "0s", "Vantages.office.MaxAge: '0s' must be greater than zero" },
        { "Targets:0:Vantages:1", "tokyo", "Targets[0].Vantages: 'tokyo' is not a configured vantage (configured: hk-vps, home, office)" },
        { "Targets:0:Vantages:1", "home", "Targets[0].Vantages: 'home' is listed twice" },
        { "Targets:0:Quorum", "3", "Targets[0].Quorum: '3' must be between 1 and the target's 2 vantage(s)" },
        { "Targets:0:Quorum", "0", "Targets[0].Quorum: '0' must be between 1 and the target's 2 vantage(s)" },
    };

    [Theory]
    [MemberData(nameof(SingleErrors))]
    public void Read_OneBrokenRule_ReportsIt(string key, string? value, string expected)
    {
        var values = Valid();
        if (value is null)
        {
            values.Remove(key);
        }
        else
        {
            values[key] = value;
        }

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
        Assert.All(result.Errors, e => Assert.DoesNotContain("s3cret", e.ToString(), StringComparison.Ordinal));
    }
}
