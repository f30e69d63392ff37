// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Core.Tests.Configuration;

/// <summary>Lines (解析线路) in the configuration: a target's Lines and WhenLineDown, and a Record source's Line, checked
/// offline against the target and against what the provider can hold.</summary>
public sealed class LineOptionsReaderTests
{
    /// <summary>The example: three ISPs' broadband, a line each, one judged by a vantage in its own network.</summary>
    private static Dictionary<string, string?> ThreeIsps() => new()
    {
        ["Providers:ali:Type"] = "Test",
        ["Providers:ali:Path"] = "unused",
        ["Providers:hosts:Type"] = "Test",
        ["Providers:hosts:Path"] = "./data/hosts",
        ["Providers:hosts:NoLines"] = "a hosts file has no lines",
        ["Vantages:home:Type"] = "Local",
        ["Vantages:mobile-vps:Type"] = "Blackbox",
        ["Vantages:mobile-vps:Url"] = "http://192.0.2.80:9115",
        ["Targets:0:Name"] = "home.example.com",
        ["Targets:0:Provider"] = "ali",
        ["Targets:0:Port"] = "443",
        ["Targets:0:Sources:0:Name"] = "ct",
        ["Targets:0:Sources:0:Hostname"] = "dns1.example.com",
        ["Targets:0:Sources:1:Name"] = "cu",
        ["Targets:0:Sources:1:Hostname"] = "dns2.example.com",
        ["Targets:0:Sources:2:Name"] = "cm",
        ["Targets:0:Sources:2:Hostname"] = "dns3.example.com",
        ["Targets:0:Lines:telecom:0"] = "ct",
        ["Targets:0:Lines:unicom"] = "cu",
        ["Targets:0:Lines:mobile:Sources:0"] = "cm",
        ["Targets:0:Lines:mobile:Vantages:0"] = "mobile-vps",
        ["Targets:0:Lines:edu:0"] = "ct",
        ["Targets:0:Lines:edu:1"] = "cu",
        ["Targets:0:WhenLineDown"] = "withdraw",
    };

    [Fact]
    public void Read_TheThreeIspsExample_GivesFourLines()
    {
        var result = AliDdnsHaOptionsReaderTests.Read(ThreeIsps());

        Assert.Empty(result.Errors);
        var target = result.Options.Targets[0];
        Assert.Equal(["edu", "mobile", "telecom", "unicom"], target.Lines.Select(l => l.Code).Order(StringComparer.Ordinal));
        var lines = target.Lines.ToDictionary(l => l.Code);
        Assert.Equal(["ct"], lines["telecom"].Sources);
        Assert.Equal(["cu"], lines["unicom"].Sources);
        Assert.Equal(["ct", "cu"], lines["edu"].Sources);
        Assert.Equal(["cm"], lines["mobile"].Sources);
        Assert.Equal(["mobile-vps"], lines["mobile"].Vantages);
        Assert.Equal(LineDownPolicy.Withdraw, target.WhenLineDown);
        Assert.Equal(["home"], result.Options.VantagesOf(target)); // mobile-vps judges for its line only
        Assert.Equal(["mobile-vps"], result.Options.VantagesOf(target, lines["mobile"]));
        Assert.Equal(["home", "mobile-vps"], result.Options.VantagesOfSource(target, "cm"));
        Assert.Equal(["home"], result.Options.VantagesOfSource(target, "ct"));
    }

    [Fact]
    public void Read_WithoutLines_DefaultsToNoneAndDefault()
    {
        var values = ThreeIsps();
        foreach (var key in values.Keys.Where(k => k.StartsWith("Targets:0:Lines", StringComparison.Ordinal) || k.EndsWith("WhenLineDown", StringComparison.Ordinal)).ToList())
        {
            values.Remove(key);
        }

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Options.Targets[0].Lines);
        Assert.Equal(LineDownPolicy.Default, result.Options.Targets[0].WhenLineDown);
        Assert.Equal(["home", "mobile-vps"], result.Options.VantagesOf(result.Options.Targets[0]));
    }

    [Theory]
    [InlineData("Targets:0:Lines:CN_Telecom:0", "ct", "Targets[0].Lines.CN_Telecom: 'CN_Telecom' is not a line code: line codes are lower case (letters, digits, '_' and '-'), such as telecom, unicom, mobile, cn_telecom_beijing")]
    [InlineData("Targets:0:Lines:default:0", "ct", "Targets[0].Lines.default: the default line is the target itself (it holds every healthy address): list only the other lines")]
    [InlineData("Targets:0:Lines:oversea:0", "hk", "Targets[0].Lines.oversea.Sources: 'hk' is not a source of this target (sources: cm, ct, cu)")]
    [InlineData("Targets:0:Lines:edu:2", "ct", "Targets[0].Lines.edu.Sources: 'ct' is listed twice")]
    [InlineData("Targets:0:Lines:mobile:Vantages:1", "sh-vps", "Targets[0].Lines.mobile.Vantages: 'sh-vps' is not a configured vantage (configured: home, mobile-vps)")]
    [InlineData("Targets:0:Lines:mobile:Quorum", "2", "Targets[0].Lines.mobile.Quorum: '2' must be between 1 and the line's 1 vantage(s)")]
    [InlineData("Targets:0:Lines:mobile:Weight", "2", "Targets[0].Lines.mobile.Weight: unknown setting (known here: Sources, Vantages, Quorum)")]
    [InlineData("Targets:0:Lines", "telecom", "Targets[0].Lines: must be a map from line code to sources (for example 'telecom: [ct]'), not 'telecom'")]
    [InlineData("Targets:0:WhenLineDown", "Empty", "Targets[0].WhenLineDown: 'Empty' is not one of Default | Withdraw")]
    [InlineData("Targets:0:Provider", "hosts", "Targets[0].Lines.edu: provider 'hosts' (Test) cannot hold line 'edu': a hosts file has no lines")]
    [InlineData("Targets:0:Vantages:0", "mobile-vps", "Targets[0].Lines.mobile.Quorum: applies only with the line's own Vantages (without them the line uses the target's quorum)")]
    public void Read_BadLines_AreReported(string key, string value, string expected)
    {
        var values = ThreeIsps();
        values[key] = value;
        if (key == "Targets:0:Lines")
        {
            foreach (var child in values.Keys.Where(k => k.StartsWith("Targets:0:Lines:", StringComparison.Ordinal)).ToList())
            {
                values.Remove(child);
            }
        }

        if (key == "Targets:0:Vantages:0")
        {
            values["Targets:0:Lines:mobile:Quorum"] = "1";
            values.Remove("Targets:0:Lines:mobile:Vantages:0");
        }

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_EveryVantageOnALine_LeavesNoneForTheTarget_AndSaysSo()
    {
        var values = ThreeIsps();
        values.Remove("Vantages:home:Type");

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Contains(
            "Targets[0].Vantages: every vantage is attached to one of the target's lines, so none is left to judge the default line: list the target's own Vantages",
            result.Errors.Select(e => e.ToString()));
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Providers:ali:Type"] = "Test",
        ["Providers:ali:Path"] = "unused",
        ["Providers:hosts:Type"] = "Test",
        ["Providers:hosts:Path"] = "./data/hosts",
        ["Providers:hosts:NoLines"] = "a hosts file has no lines",
        ["Targets:0:Name"] = "home.example.com",
        ["Targets:0:Provider"] = "ali",
        ["Targets:0:Port"] = "443",
        ["Targets:0:Sources:0:Name"] = "ct",
        ["Targets:0:Sources:0:Record"] = "dns1.example.com",
        ["Targets:0:Sources:0:Line"] = "telecom",
        ["Targets:0:Sources:1:Name"] = "cu",
        ["Targets:0:Sources:1:Record"] = "dns2.example.com",
    };

    [Fact]
    public void Read_RecordSourceLine_IsKept_AndTheDefaultLineIsTheDefault()
    {
        var result = AliDdnsHaOptionsReaderTests.Read(Valid());

        Assert.Empty(result.Errors);
        Assert.Equal(["telecom", null], result.Options.Targets[0].Sources.Select(s => s.Line));
    }

    [Theory]
    [InlineData("Targets:0:Sources:0:Line", "Telecom", "Targets[0].Sources[0].Line: 'Telecom' is not a line code (lower case letters, digits, '_' and '-', such as default, telecom, cn_telecom_beijing)")]
    [InlineData("Targets:0:Sources:1:Address", "192.0.2.1", "Targets[0].Sources[1]: set exactly one of Address, Hostname, Record, Interface or Url (found 2)")]
    [InlineData("Targets:0:Provider", "hosts", "Targets[0].Sources[0].Line: 'telecom' cannot be read through provider 'hosts': a hosts file has no lines")]
    public void Read_BadSourceLine_IsReported(string key, string value, string expected)
    {
        var values = Valid();
        values[key] = value;

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_LineOnASourceThatIsNotARecord_IsReported()
    {
        var values = Valid();
        values.Remove("Targets:0:Sources:0:Record");
        values["Targets:0:Sources:0:Hostname"] = "dns1.example.com";

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Equal("Targets[0].Sources[0].Line: applies only to a Record source (the line its record is read on)", Assert.Single(result.Errors).ToString());
    }
}
